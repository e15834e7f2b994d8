/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_STALE_SYSV_H
#define IPCSCOPE_STALE_SYSV_H

#include <stdbool.h>
#include <stdint.h>

struct ipc_object;
struct snapshot;

/* The SysV kinds' stale_reason and remove hooks (struct kind), from stale_sysv.c. */
char *sysv_shm_stale(const struct ipc_object *obj, bool *has_since, int64_t *since);
char *sysv_msg_stale(const struct ipc_object *obj, bool *has_since, int64_t *since);
char *sysv_sem_stale(const struct ipc_object *obj, bool *has_since, int64_t *since);
int sysv_shm_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why);
int sysv_msg_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why);
int sysv_sem_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why);

#endif
