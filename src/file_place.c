/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "file_place.h"
#include "namespace_dir.h"
#include "stale.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct file_place *file_place_new(const char *root, const struct file_id *root_id, const char *dir,
				  const struct file_id *dir_id, const char *name)
{
	struct file_place *place = xcalloc(1, sizeof(*place));

	place->root = xstrdup(root);
	place->root_id = *root_id;
	place->dir = xstrdup(dir);
	place->dir_id = *dir_id;
	place->name = xstrdup(name);
	return place;
}

struct file_place *file_place_in_namespace(const struct namespace *mntns, const char *root,
					   const struct file_id *root_id, const char *name)
{
	static const struct file_id unknown;
	struct file_place *place = file_place_new(root, root_id, "", &unknown, name);

	place->in_namespace = true;
	place->mntns = *mntns;
	return place;
}

void file_place_free(struct file_place *place)
{
	if (!place)
		return;
	free(place->root);
	free(place->dir);
	free(place->name);
	free(place);
}

void fd_path(int fd, char buf[FD_PATH_LEN])
{
	snprintf(buf, FD_PATH_LEN, "/proc/self/fd/%d", fd);
}

static bool same_file(int fd, const struct file_id *id)
{
	struct stat st;

	return !id->known ||
	       (fstat(fd, &st) == 0 && (uint64_t)st.st_dev == id->dev && (uint64_t)st.st_ino == id->ino);
}

/* Below the root: no symbolic link, no "..", no other filesystem, on the way. */
static int open_beneath(int rootfd, const char *dir)
{
	return namespace_dir_openat2(rootfd, dir,
				     RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
					     RESOLVE_NO_XDEV);
}

static char *why_not_opened(const struct file_place *place, int err)
{
	switch (err) {
	case ELOOP:
		return xasprintf("a symbolic link is now on the way to it below %s", place->root);
	case EXDEV:
		return xasprintf("the way to it below %s now leaves that directory or its filesystem",
				 place->root);
	case ENOENT:
	case ENOTDIR:
		return xstrdup("its directory is gone or was renamed since it was found");
	case EAGAIN:
		return xstrdup("its directory was being renamed while it was looked up");
	case ENOSYS:
		return xstrdup("this kernel cannot open its directory without following symbolic "
			       "links (openat2 needs Linux 5.6)");
	default:
		return NULL;
	}
}

/* Why the root of a place in another mount namespace cannot be opened, or NULL for a failure. */
static char *why_root_not_opened(const struct file_place *place, int err)
{
	unsigned long long ns = (unsigned long long)place->mntns.inode;

	switch (err) {
	case ENOENT:
	case ENOTDIR:
		return xasprintf("/%s of mount namespace %llu is gone", place->root, ns);
	case ELOOP:
		return xasprintf("a symbolic link is now on the way to /%s in mount namespace %llu",
				 place->root, ns);
	case EXDEV:
		return xasprintf("the way to /%s in mount namespace %llu now leaves its root",
				 place->root, ns);
	case ESRCH:
		return xasprintf("no process of mount namespace %llu is left to reach it through", ns);
	default:
		return NULL;
	}
}

static int open_root(const struct file_place *place, char **why)
{
	int rootfd;

	if (place->in_namespace) {
		rootfd = namespace_dir_open(&place->mntns, place->root, NULL);
		if (rootfd < 0)
			*why = why_root_not_opened(place, errno);
		return rootfd;
	}
	rootfd = open(place->root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0 && (errno == ENOENT || errno == ENOTDIR))
		*why = xasprintf("%s is gone", place->root);
	return rootfd;
}

int file_place_open_dir(const struct file_place *place, char **why)
{
	int rootfd = open_root(place, why);

	if (rootfd < 0)
		return -1;
	if (!same_file(rootfd, &place->root_id)) {
		close(rootfd);
		*why = place->in_namespace
			       ? xasprintf("/%s of mount namespace %llu is another directory now than "
					   "the one searched",
					   place->root, (unsigned long long)place->mntns.inode)
			       : xasprintf("%s is another directory now than the one searched", place->root);
		return -1;
	}
	if (!place->dir[0])
		return rootfd;

	int dfd = open_beneath(rootfd, place->dir);
	int err = errno;
	close(rootfd);
	if (dfd < 0) {
		*why = why_not_opened(place, err);
		errno = err;
		return -1;
	}
	if (!same_file(dfd, &place->dir_id)) {
		close(dfd);
		*why = xstrdup("its directory was replaced since it was found");
		return -1;
	}
	return dfd;
}

static bool is_same(const struct stat *st, uint64_t dev, uint64_t ino, mode_t type)
{
	return (uint64_t)st->st_dev == dev && (uint64_t)st->st_ino == ino &&
	       (st->st_mode & S_IFMT) == type;
}

static int gone(char **why)
{
	*why = xstrdup("it is gone already");
	return STALE_SKIPPED;
}

static int replaced(char **why)
{
	*why = xstrdup("its name is another file's now (made anew, or renamed, since it was found)");
	return STALE_SKIPPED;
}

int file_place_unlink_at(int dfd, const char *name, uint64_t dev, uint64_t ino, mode_t type,
			 file_check_fn check, void *arg, char **why)
{
	struct stat st;
	int rc = 0;

	if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") || !name[0]) {
		*why = xstrdup("its name is not a single file name");
		return STALE_SKIPPED;
	}
	/* O_PATH opens nothing: no FIFO partner is woken, no device touched. */
	int pathfd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pathfd < 0)
		return errno == ENOENT ? gone(why) : STALE_FAILED;
	if (fstat(pathfd, &st) < 0)
		rc = STALE_FAILED;
	else if (!is_same(&st, dev, ino, type))
		rc = replaced(why);
	else if (check)
		rc = check(pathfd, arg, why);
	close(pathfd);
	if (rc != 0)
		return rc;
	/*
	 * The name must still be that file.  Between this look and the unlink
	 * only a rename within or into this directory can give the name to
	 * another file, and whoever may do that may remove that file anyway
	 * (in a sticky directory, only their own).
	 */
	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return errno == ENOENT ? gone(why) : STALE_FAILED;
	if (!is_same(&st, dev, ino, type))
		return replaced(why);
	if (unlinkat(dfd, name, 0) == 0)
		return STALE_REMOVED;
	return errno == ENOENT ? gone(why) : STALE_FAILED;
}
