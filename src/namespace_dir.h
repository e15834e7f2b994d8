/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_NAMESPACE_DIR_H
#define IPCSCOPE_NAMESPACE_DIR_H

/*
 * A directory as a mount namespace sees it: its /dev/shm or /dev/mqueue.
 * Another namespace's tree is its owner's (a container's root may be
 * hostile), so the path is resolved under that namespace's root and no
 * symbolic link in it is followed: a /dev/shm made a link to a directory
 * of ours must not lead our listing, or our removals, there.  In our own
 * namespace the path is resolved as any path of ours is.
 */

#include "namespaces.h"

#include <sys/stat.h>

/*
 * `path` is relative to the namespace's root ("dev/shm").  Returns a
 * read-only descriptor of the directory with its stat() in *st, or -1 with
 * errno: ELOOP for a symbolic link on the way, ESRCH when no process of
 * the namespace is left to reach it through, EXDEV for a way that leaves
 * the root.  Without openat2() (ENOSYS) the path is walked a name at a
 * time instead, to the same effect.
 */
int namespace_dir_open(const struct namespace *mntns, const char *path, struct stat *st);

/* openat2() of a directory, again while a rename elsewhere races the lookup (EAGAIN). */
int namespace_dir_openat2(int dfd, const char *path, unsigned long long resolve);

#endif
