/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_POSIX_MQ_H
#define IPCSCOPE_POSIX_MQ_H

#include <stdbool.h>

/* Whether /dev/mqueue is an mqueue mount, where every queue shows. */
bool mqueue_mounted(void);
/* The command that mounts it, for messages. */
const char *mqueue_mount_command(void);

#endif
