/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_DEVSHM_H
#define IPCSCOPE_DEVSHM_H

#include <sys/stat.h>

#include <stdbool.h>
#include <stddef.h>

struct collect_ctx;
struct ipc_object;
struct kind;

/*
 * POSIX shared memory and named semaphores are files in /dev/shm: shm_open
 * ("/NAME") makes /dev/shm/NAME and sem_open("/NAME") makes
 * /dev/shm/sem.NAME.  A machine has one /dev/shm per mount namespace that
 * mounted its own (procindex.h's shm_fs): each is walked once per kind,
 * and each regular file is handed to the kind with its holders by
 * descriptor and by mapping already attached, matched by device and inode.
 * The files of those filesystems that processes still hold or map, but
 * that no directory lists any more (shm_unlink, sem_unlink), follow with
 * "deleted": true.
 *
 * The process index is built before the directories are read.  A file
 * unlinked in between is listed as deleted, which it is by then, named
 * from its holders' texts though they do not say "(deleted)" yet.  A file
 * made in between is listed with no holder, since the index saw none; its
 * times are after the index began, so it is not judged stale
 * (stale_posix.h).  A file right in /dev/shm is all shm_open() makes: a
 * held file in a subdirectory, or known by another path, is none of these.
 */
typedef void (*devshm_entry_fn)(struct ipc_object *obj, int dirfd, const char *file,
				const struct stat *st);

/* sems: true for the sem.* files, false for every other file.  -1 when our own /dev/shm
 * cannot be read. */
int devshm_collect(struct collect_ctx *ctx, const struct kind *kind, bool sems,
		   devshm_entry_fn describe);

/*
 * The file a holder's link or maps text names, when it is right in /dev/shm:
 * "/dev/shm/NAME (deleted)" and "/dev/shm/NAME" give NAME (malloc'd).  NULL
 * for anything else (a subdirectory, another path): not what shm_open()
 * or sem_open() make.
 */
char *devshm_file_of(const char *text);
/*
 * Whether a "sem.XXXXXX" file is glibc's temporary name: sem_open() makes a
 * semaphore under one, maps it, and links it to sem.NAME, so its creator
 * maps that name for good.  A semaphore whose own name is six letters and
 * digits looks the same.
 */
bool devshm_is_temporary_sem(const char *file);

#endif
