/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_POSIX_FIELDS_H
#define IPCSCOPE_POSIX_FIELDS_H

#include "ipc_object.h"

/*
 * What the POSIX kinds share: every machine has several of their
 * filesystems (a /dev/shm and an mqueue per container), and an object
 * lives on as long as it is held, after its name is gone.
 */

/* "mntns": the mount namespace through whose /dev/shm the object was found. */
extern const struct attr_def attr_mntns;
/* "deleted": unlinked (shm_unlink, sem_unlink, mq_unlink) but still held or mapped. */
extern const struct attr_def attr_deleted;

#endif
