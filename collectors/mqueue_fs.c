/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "mqueue_fs.h"
#include "fdlink.h"
#include "namespace_dir.h"
#include "procindex.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

/* Enough names to find one that opens in the namespace tried, and no cost for a full queue list. */
#define NAMES_KEPT 8
#define DELETED_TEXT " (deleted)"

struct mqueue_fs *mqueue_fs_of(const struct mqueue_fs_set *set, uint64_t dev)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].dev == dev)
			return &set->v[i];
	return NULL;
}

struct mqueue_fs *mqueue_fs_add(struct mqueue_fs_set *set, uint64_t dev)
{
	struct mqueue_fs *fs = mqueue_fs_of(set, dev);

	if (fs)
		return fs;
	set->v = xreallocarray(set->v, set->n + 1, sizeof(*set->v));
	set->v[set->n] = (struct mqueue_fs){ .dev = dev, .dirfd = -1 };
	return &set->v[set->n++];
}

/* Every queue the directory lists.  -1 when it cannot be read to the end. */
static int read_entries(struct mqueue_fs *fs)
{
	int fd = openat(fs->dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
	struct dirent *de;
	struct stat st;

	if (!dir) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	for (;;) {
		errno = 0;
		if (!(de = readdir(dir)))
			break;
		if (de->d_name[0] == '.' ||
		    fstatat(fs->dirfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		fs->entries = xreallocarray(fs->entries, fs->nentries + 1, sizeof(*fs->entries));
		fs->entries[fs->nentries++] = (struct mqueue_entry){ xstrdup(de->d_name), st };
		if (fs->names.len < NAMES_KEPT)
			strvec_push(&fs->names, xstrdup(de->d_name));
	}
	int err = errno;
	closedir(dir);
	errno = err;
	return err ? -1 : 0;
}

static void cannot_read(const struct namespace *ns, int err, struct strvec *warnings)
{
	if (ns->own)
		strvec_pushf(warnings, "posix_mq: cannot read /dev/mqueue: %s", strerror(err));
	else if (err == ELOOP)
		strvec_pushf(warnings,
			     "posix_mq: mount namespace %llu: its /dev/mqueue is a symbolic link, or "
			     "has one on the way, which is not followed",
			     (unsigned long long)ns->inode);
	else if (err != ESRCH) /* its processes ended since the index saw them */
		strvec_pushf(warnings, "posix_mq: cannot read /dev/mqueue of mount namespace %llu: %s",
			     (unsigned long long)ns->inode, strerror(err));
}

/* The namespace's /dev/mqueue, if an mqueue filesystem is mounted there. */
static void find_mount(struct mqueue_fs_set *set, const struct namespace *ns,
		       struct strvec *warnings)
{
	struct stat st;
	struct statfs sfs;
	int fd = namespace_dir_open(ns, "dev/mqueue", &st);

	if (fd < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			cannot_read(ns, errno, warnings);
		if (ns->own)
			set->own_unreadable = errno != ENOENT && errno != ENOTDIR;
		return;
	}
	if (fstatfs(fd, &sfs) != 0 || sfs.f_type != MQUEUE_MAGIC) {
		close(fd);
		return;
	}
	set->own_mounted |= ns->own;
	struct mqueue_fs *fs = mqueue_fs_add(set, st.st_dev);
	fs->mntns_all = xreallocarray(fs->mntns_all, fs->nmntns + 1, sizeof(*fs->mntns_all));
	fs->mntns_all[fs->nmntns++] = ns->inode;
	if (fs->mounted) {
		close(fd);
		return;
	}
	*fs = (struct mqueue_fs){ .dev = fs->dev, .mounted = true, .mntns = *ns, .dirfd = fd,
				  .dir = st, .own_mount = ns->own, .mntns_all = fs->mntns_all,
				  .nmntns = fs->nmntns };
	if (read_entries(fs) < 0) {
		cannot_read(ns, errno, warnings);
		set->own_unreadable |= ns->own;
	}
}

/* The devices of the queues processes hold, with a name each where it is not unlinked. */
static void find_held(struct mqueue_fs_set *set, const struct procindex *idx)
{
	for (size_t g = 0; g < idx->ngroups; g++) {
		const struct fd_group *grp = &idx->groups[g];
		if (grp->cls != FD_MQUEUE)
			continue;
		struct mqueue_fs *fs = mqueue_fs_add(set, grp->dev);
		const char *link = idx->fds[grp->first].path;
		if (fs->mounted || fs->names.len >= NAMES_KEPT || !link || strstr(link, DELETED_TEXT))
			continue;
		strvec_push(&fs->names, xstrdup(link + 1)); /* "/NAME" */
	}
}

void mqueue_fs_find(struct mqueue_fs_set *set, const struct procindex *idx,
		    const struct selection *sel, struct strvec *warnings)
{
	static const struct namespace ours = { .type = NS_MNT, .own = true };
	const struct namespace_set *mnt = &idx->ns[NS_MNT];

	/* Ours even when our mount namespace could not be told. */
	if (!idx->own_ns[NS_MNT])
		find_mount(set, &ours, warnings);
	for (size_t i = 0; i < mnt->n; i++)
		find_mount(set, &mnt->v[i], warnings);
	find_held(set, idx);
	mqueue_owner_find(set, idx, sel);
}

void mqueue_fs_free(struct mqueue_fs_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		struct mqueue_fs *fs = &set->v[i];
		if (fs->dirfd >= 0)
			close(fs->dirfd);
		for (size_t e = 0; e < fs->nentries; e++)
			free(fs->entries[e].file);
		free(fs->entries);
		free(fs->mntns_all);
		strvec_free(&fs->names);
	}
	free(set->v);
	*set = (struct mqueue_fs_set){ 0 };
}
