/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_LOCK_IDENTITY_H
#define IPCSCOPE_LOCK_IDENTITY_H

struct ipc_object;

/*
 * What names a lock or request across listings, since its ID is its
 * position in /proc/locks: whether it is a request, its type, file, range
 * and owner.  Its mode is left out, so a lock changed from read to write
 * is the same lock.  malloc'd.
 */
char *lock_identity(const struct ipc_object *obj);

#endif
