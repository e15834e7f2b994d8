/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "namespace_dir.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int namespace_dir_openat2(int dfd, const char *path, unsigned long long resolve)
{
	struct open_how how = {
		/* No O_NOFOLLOW: RESOLVE_NO_SYMLINKS, where asked, covers the last component too. */
		.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC,
		.resolve = resolve,
	};
	int fd = -1;

	/* EAGAIN: a rename elsewhere on the filesystem raced the lookup; the kernel asks us to retry. */
	for (int tries = 0; tries < 8; tries++) {
		fd = (int)syscall(SYS_openat2, dfd, path, &how, sizeof(how));
		if (fd >= 0 || errno != EAGAIN)
			break;
	}
	return fd;
}

/*
 * Where openat2() is refused with ENOSYS (a kernel before 5.6, or a
 * seccomp profile without it, as systemd-nspawn's and older container
 * runtimes' are), the same walk a name at a time from the root: each
 * opened relative to the one before, none of them a symbolic link where
 * none may be followed, and no "..", so the walk cannot leave the root.
 * For a path of plain names ("dev/shm") that is what RESOLVE_IN_ROOT and
 * RESOLVE_NO_SYMLINKS give; in our own namespace the path is opened as
 * any path of ours.
 */
static int open_by_names(int root, const char *path, bool follow)
{
	if (follow)
		return openat(root, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	char *copy = xstrdup(path);
	int dir = -1, err = 0;
	char *save = NULL;
	for (char *name = strtok_r(copy, "/", &save); name; name = strtok_r(NULL, "/", &save)) {
		if (!strcmp(name, "."))
			continue;
		if (!strcmp(name, "..")) {
			err = EXDEV;
			break;
		}
		/* O_PATH with O_NOFOLLOW opens a link itself, so fstat() tells it from a directory. */
		int next = openat(dir >= 0 ? dir : root, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		struct stat st;
		if (next < 0 || fstat(next, &st) != 0) {
			err = errno;
			if (next >= 0)
				close(next);
			break;
		}
		if (dir >= 0)
			close(dir);
		dir = next;
		if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
			err = S_ISLNK(st.st_mode) ? ELOOP : ENOTDIR;
			break;
		}
	}
	free(copy);
	int fd = -1;
	if (!err)
		/* The last one read, not just reached: reopened through its O_PATH descriptor. */
		fd = openat(dir >= 0 ? dir : root, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && !err)
		err = errno;
	if (dir >= 0)
		close(dir);
	errno = err;
	return fd;
}

int namespace_dir_open(const struct namespace *mntns, const char *path, struct stat *st)
{
	int root = namespace_root_open(mntns);

	if (root < 0)
		return -1;
	/* RESOLVE_IN_ROOT: "/" and ".." stop at the namespace's root, as they do for its processes. */
	unsigned long long resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	if (!mntns->own)
		resolve |= RESOLVE_NO_SYMLINKS;
	int fd = namespace_dir_openat2(root, path, resolve);
	if (fd < 0 && errno == ENOSYS)
		fd = open_by_names(root, path, mntns->own);
	int err = errno;
	close(root);
	if (fd >= 0 && st && fstat(fd, st) != 0) {
		err = errno;
		close(fd);
		fd = -1;
	}
	errno = err;
	return fd;
}
