/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "namespace_dir.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
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
