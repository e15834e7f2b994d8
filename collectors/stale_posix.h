/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_STALE_POSIX_H
#define IPCSCOPE_STALE_POSIX_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

struct ipc_object;
struct snapshot;

/* What a POSIX kind's files tell of its objects' use. */
struct posix_files {
	/*
	 * Whether the file's change time is a use too.  Reading a queue's
	 * file, as list does, sets its change time (and reading a semaphore
	 * its access time): only the times our looking leaves alone count.
	 */
	bool ctime_is_use;
	const char *reason; /* why one is stale: "nobody has it open" */
};

/*
 * For the collectors of the kinds that set posix_files (struct kind), where
 * staleness is judged: an object found in its directory (st, as the walk
 * saw it) that nobody holds is stale since its file's last use.  One that
 * is held, or known only from its holders, is not; nor is one made or
 * changed after `walked` (when the process index began): a process may
 * have opened it since its descriptors were read.
 */
void posix_judge(struct ipc_object *obj, const struct stat *st, const struct timespec *walked);

/*
 * The remove hooks.  A /dev/shm file is unlinked in its directory, opened
 * again as its filesystem's mount namespace sees it (file_place.h), if it
 * is still the file found; a queue by mq_unlink() inside its IPC
 * namespace, if the name there still opens the queue found.  An object
 * already unlinked has nothing left to remove.
 */
int posix_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why);
int posix_mq_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why);

#endif
