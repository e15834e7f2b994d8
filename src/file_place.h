/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_FILE_PLACE_H
#define IPCSCOPE_FILE_PLACE_H

/*
 * Where a search found a file, kept so that the file can be reached again
 * without resolving its whole path a second time.  Any directory on the
 * way can be renamed, or swapped for a symbolic link, by whoever may write
 * to its parent: a path given again to lstat(), connect() or unlink() may
 * name another file by then, even one outside the search.  A place is
 * opened from its search root with no symbolic link followed and never
 * above the root, and each directory must be the one the search saw.
 */

#include "namespaces.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct file_id {
	bool known;
	uint64_t dev, ino;
};

struct file_place {
	char *root;          /* the directory searched, as it was named */
	struct file_id root_id;
	char *dir;           /* the directory below root holding the file; "" for root itself */
	struct file_id dir_id;
	char *name;          /* the file's name in dir: one component */
	/*
	 * Set: root is a path from the root of this mount namespace
	 * ("dev/shm"), reached through one of its processes with no symbolic
	 * link followed (namespace_dir.h); else a path of ours.
	 */
	bool in_namespace;
	struct namespace mntns;
};

struct file_place *file_place_new(const char *root, const struct file_id *root_id, const char *dir,
				  const struct file_id *dir_id, const char *name);
/* A file right in `root`, a directory of the mount namespace mntns ("dev/shm" from its root). */
struct file_place *file_place_in_namespace(const struct namespace *mntns, const char *root,
					   const struct file_id *root_id, const char *name);
void file_place_free(struct file_place *place);

/*
 * The place's directory, opened as described above.  Returns a descriptor,
 * or -1 with either *why set (the place is not what the search saw: a
 * reason to leave the file alone) or, for a failure, errno.
 */
int file_place_open_dir(const struct file_place *place, char **why);

/* What must still hold of the file just before it is removed; 0 to go on, or a STALE_* outcome. */
typedef int (*file_check_fn)(int pathfd, void *arg, char **why);

/*
 * Remove `name` in the directory dfd if it is still the file (device,
 * inode, type) that was found and `check` (may be NULL) passes on the file
 * itself, reached through an O_PATH descriptor so that nothing can swap it
 * in between.  Returns STALE_REMOVED, STALE_SKIPPED with *why, or
 * STALE_FAILED with errno.
 */
int file_place_unlink_at(int dfd, const char *name, uint64_t dev, uint64_t ino, mode_t type,
			 file_check_fn check, void *arg, char **why);

/* "/proc/self/fd/N": a name for what an open descriptor is, to give calls that take only a path. */
#define FD_PATH_LEN 32
void fd_path(int fd, char buf[FD_PATH_LEN]);

#endif
