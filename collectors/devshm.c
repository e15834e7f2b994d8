/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "devshm.h"
#include "collect.h"
#include "file_place.h"
#include "ipc_object.h"
#include "kinds.h"
#include "namespace_dir.h"
#include "posix_fields.h"
#include "procindex.h"
#include "selection.h"
#include "stale_posix.h"
#include "strvec.h"
#include "util.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define SEM_PREFIX "sem."
#define SHM_DIR_TEXT "/dev/shm/"
#define DELETED_TEXT " (deleted)"

/* One kind's pass over the /dev/shm filesystems. */
struct devshm_pass {
	struct collect_ctx *ctx;
	const struct kind *kind;
	bool sems;
	devshm_entry_fn describe;
	bool *seen;   /* per index group: its file is one a directory listed */
	bool *walked; /* per shm_fs: its directory was read to the end */
};

static bool is_sem_file(const char *file)
{
	return strncmp(file, SEM_PREFIX, strlen(SEM_PREFIX)) == 0;
}

char *devshm_file_of(const char *text)
{
	size_t len = text ? strlen(text) : 0, dir = strlen(SHM_DIR_TEXT);

	if (len <= dir || strncmp(text, SHM_DIR_TEXT, dir) != 0)
		return NULL;
	/* The kernel's mark, unless it is all there is of the name. */
	if (len > dir + strlen(DELETED_TEXT) &&
	    !strcmp(text + len - strlen(DELETED_TEXT), DELETED_TEXT))
		len -= strlen(DELETED_TEXT);
	if (memchr(text + dir, '/', len - dir))
		return NULL;
	return xasprintf("%.*s", (int)(len - dir), text + dir);
}

bool devshm_is_temporary_sem(const char *file)
{
	if (!is_sem_file(file) || strlen(file) != strlen(SEM_PREFIX) + 6)
		return false;
	for (const char *c = file + strlen(SEM_PREFIX); *c; c++)
		if (!isalnum((unsigned char)*c))
			return false;
	return true;
}

/* The mount namespace a filesystem was found through; NULL for ours when ours is unknown. */
static const struct namespace *fs_namespace(const struct procindex *idx, const struct shm_fs *fs)
{
	return namespace_find(&idx->ns[NS_MNT], fs->mntns);
}

static bool fs_wanted(const struct collect_ctx *ctx, const struct shm_fs *fs)
{
	const struct namespace *ns = fs_namespace(ctx->idx, fs);

	if (!ns)
		return fs->own || !ctx->sel->ns_self;
	return selection_wants_namespace(ctx->sel, ns);
}

/*
 * The namespace's fields on an object of the filesystem: its mntns, and an
 * id unique on the machine.  The id is the file's inode, not its name again
 * (NAME shows that, and a name may be another file's after an unlink).
 */
static void set_namespace(struct ipc_object *obj, const struct shm_fs *fs, uint64_t ino)
{
	if (fs->mntns)
		ipc_object_set_uint(obj, &attr_mntns, fs->mntns);
	obj->id = fs->own ? xasprintf("%llu", (unsigned long long)ino)
			  : xasprintf("%llu@%llu", (unsigned long long)ino,
				      (unsigned long long)fs->mntns);
}

/* Holders by device and inode, never by path text: glibc maps a new semaphore under a
 * temporary name before it links it, and a deleted file keeps its inode. */
static void add_holders(struct devshm_pass *p, struct ipc_object *obj, uint64_t dev, uint64_t ino)
{
	const struct procindex *idx = p->ctx->idx;
	const struct fd_group *by_fd = procindex_find(idx, FD_SHM, dev, ino);
	const struct fd_group *by_map = procindex_find(idx, FD_MAP_SHM, dev, ino);

	ipc_object_add_group_holders(obj, idx, by_fd);
	ipc_object_add_group_holders(obj, idx, by_map);
	if (by_fd)
		p->seen[by_fd - idx->groups] = true;
	if (by_map)
		p->seen[by_map - idx->groups] = true;
}

/* Where clean finds the file again: the directory as that namespace sees it. */
static struct file_place *place_of(const struct procindex *idx, const struct shm_fs *fs,
				   const struct stat *dir, const char *file)
{
	const struct file_id dir_id = { true, (uint64_t)dir->st_dev, (uint64_t)dir->st_ino };
	static const struct file_id unknown;
	const struct namespace *ns = fs_namespace(idx, fs);

	if (fs->own || !ns)
		return file_place_new("/dev/shm", &dir_id, "", &unknown, file);
	return file_place_in_namespace(ns, "dev/shm", &dir_id, file);
}

static void add_listed(struct devshm_pass *p, const struct shm_fs *fs, int dfd,
		       const struct stat *dir, const char *file)
{
	struct stat st;
	bool sem = is_sem_file(file);

	if (file[0] == '.' || sem != p->sems)
		return;
	/* Gone since readdir, not something shm_open made, or another filesystem mounted on it. */
	if (fstatat(dfd, file, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_dev != fs->dev)
		return;

	struct ipc_object *obj = ipc_object_new(p->kind);
	/* The name as programs pass it to shm_open() or sem_open(). */
	obj->name = xasprintf("/%s", file + (sem ? strlen(SEM_PREFIX) : 0));
	set_namespace(obj, fs, st.st_ino);
	ipc_object_set_bool(obj, &attr_deleted, false);
	obj->has_inode = true;
	obj->inode = st.st_ino;
	ipc_object_set_owner(obj, &st);
	add_holders(p, obj, st.st_dev, st.st_ino);
	p->describe(obj, dfd, file, &st);
	if (p->ctx->sel->stale) {
		obj->place = place_of(p->ctx->idx, fs, dir, file);
		posix_judge(obj, &st, &p->ctx->idx->started);
	}
	collect_add(p->ctx, obj);
}

/* One filesystem's directory, as its mount namespace sees it, checked to be that filesystem. */
static int open_fs_dir(const struct procindex *idx, const struct shm_fs *fs, struct stat *st)
{
	static const struct namespace ours = { .type = NS_MNT, .own = true };
	const struct namespace *ns = fs_namespace(idx, fs);

	if (!ns && !fs->own) {
		errno = ESRCH;
		return -1;
	}
	int fd = namespace_dir_open(ns ? ns : &ours, "dev/shm", st);
	if (fd >= 0 && (uint64_t)st->st_dev != fs->dev) {
		/* Mounted anew since the index found it: its holders were matched to another one. */
		close(fd);
		errno = ESTALE;
		return -1;
	}
	return fd;
}

static void cannot_read(struct devshm_pass *p, const struct shm_fs *fs, int err)
{
	if (fs->own)
		strvec_pushf(p->ctx->warnings, "%s: cannot read /dev/shm: %s", p->kind->name,
			     strerror(err));
	else if (err != ESRCH && err != ENOENT) /* its processes ended since the index saw them */
		strvec_pushf(p->ctx->warnings, "%s: cannot read /dev/shm of mount namespace %llu: %s",
			     p->kind->name, (unsigned long long)fs->mntns, strerror(err));
}

/* 0, or -1 when the directory could not be read. */
static int walk_fs(struct devshm_pass *p, size_t i)
{
	const struct shm_fs *fs = &p->ctx->idx->shm_fs[i];
	struct stat dir;
	struct dirent *de;
	int fd = open_fs_dir(p->ctx->idx, fs, &dir);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;

	if (!d) {
		int err = errno;
		if (fd >= 0)
			close(fd);
		cannot_read(p, fs, err);
		return -1;
	}
	for (;;) {
		errno = 0;
		if (!(de = readdir(d)))
			break;
		add_listed(p, fs, fd, &dir, de->d_name);
	}
	/* A directory read only in part leaves its unlisted files undecided, not deleted. */
	p->walked[i] = errno == 0;
	closedir(d);
	return 0;
}

/*
 * The file the holders' texts name, right in /dev/shm; for a semaphore,
 * one that is not glibc's temporary name where a holder gives that (it
 * opened the semaphore by its name).  NULL when no text names such a file.
 */
static char *holders_file(const struct procindex *idx, const struct fd_group *const groups[2])
{
	char *found = NULL;

	for (int i = 0; i < 2; i++) {
		if (!groups[i])
			continue;
		procindex_foreach_in_group(idx, groups[i], e) {
			char *file = devshm_file_of(e->path);
			if (!file)
				continue;
			if (!devshm_is_temporary_sem(file)) {
				free(found);
				return file;
			}
			free(found);
			found = file;
		}
	}
	return found;
}

/* Owner and what describe() can tell, through a holder's descriptor: a mapping alone gives neither. */
static void describe_held(struct devshm_pass *p, struct ipc_object *obj, const struct fd_group *by_fd)
{
	const struct procindex *idx = p->ctx->idx;
	struct stat st;

	if (!by_fd)
		return;
	procindex_foreach_in_group(idx, by_fd, e) {
		if (procindex_stat_fd(idx, e, &st) == 0 && (uint64_t)st.st_ino == by_fd->ino &&
		    (uint64_t)st.st_dev == by_fd->dev) {
			ipc_object_set_owner(obj, &st);
			p->describe(obj, -1, NULL, &st);
			return;
		}
	}
}

/*
 * A file of a walked filesystem that is held or mapped but that no
 * directory listed: unlinked.  Its name is the one the holders' texts give
 * ("/dev/shm/NAME (deleted)"); a semaphore known only by glibc's temporary
 * name has none.  The index was built before the walk, so a file unlinked
 * in between is one too, though the kernel had not yet said "(deleted)".
 */
static void add_deleted(struct devshm_pass *p, const struct shm_fs *fs,
			const struct fd_group *by_fd, const struct fd_group *by_map)
{
	const struct procindex *idx = p->ctx->idx;
	const struct fd_group *const groups[2] = { by_fd, by_map };
	const struct fd_group *any = by_fd ? by_fd : by_map;
	char *file = holders_file(idx, groups);

	if (!file || is_sem_file(file) != p->sems) {
		free(file);
		return;
	}
	struct ipc_object *obj = ipc_object_new(p->kind);
	if (!p->sems)
		obj->name = xasprintf("/%s", file);
	else if (!devshm_is_temporary_sem(file))
		obj->name = xasprintf("/%s", file + strlen(SEM_PREFIX));
	free(file);
	/* Its name may be another file's now: the inode is its own. */
	set_namespace(obj, fs, any->ino);
	ipc_object_set_bool(obj, &attr_deleted, true);
	obj->has_inode = true;
	obj->inode = any->ino;
	add_holders(p, obj, any->dev, any->ino);
	describe_held(p, obj, by_fd);
	collect_add(p->ctx, obj);
}

static void collect_deleted(struct devshm_pass *p)
{
	const struct procindex *idx = p->ctx->idx;

	for (size_t g = 0; g < idx->ngroups; g++) {
		const struct fd_group *grp = &idx->groups[g];
		const struct fd_group *by_fd, *by_map;
		if (p->seen[g] || (grp->cls != FD_SHM && grp->cls != FD_MAP_SHM))
			continue;
		const struct shm_fs *fs = procindex_shm_fs(idx, grp->dev);
		if (!fs || !p->walked[fs - idx->shm_fs])
			continue;
		/* One object for the file's descriptors and mappings: found from the descriptors. */
		if (grp->cls == FD_SHM) {
			by_fd = grp;
			by_map = procindex_find(idx, FD_MAP_SHM, grp->dev, grp->ino);
		} else if (!procindex_find(idx, FD_SHM, grp->dev, grp->ino)) {
			by_fd = NULL;
			by_map = grp;
		} else {
			continue;
		}
		add_deleted(p, fs, by_fd, by_map);
	}
}

/* Our own /dev/shm is none of the filesystems: missing, unreadable or no tmpfs. */
static int own_missing(struct devshm_pass *p)
{
	static const struct namespace ours = { .type = NS_MNT, .own = true };
	struct stat st;
	int fd = namespace_dir_open(&ours, "dev/shm", &st);

	if (fd < 0) {
		cannot_read(p, &(struct shm_fs){ .own = true }, errno);
		return -1;
	}
	close(fd);
	strvec_pushf(p->ctx->warnings, "%s: /dev/shm here is no tmpfs, so no file in it is POSIX "
		     "shared memory", p->kind->name);
	return 0;
}

int devshm_collect(struct collect_ctx *ctx, const struct kind *kind, bool sems,
		   devshm_entry_fn describe)
{
	const struct procindex *idx = ctx->idx;
	struct devshm_pass p = {
		.ctx = ctx,
		.kind = kind,
		.sems = sems,
		.describe = describe,
		.seen = xcalloc(idx->ngroups + 1, sizeof(bool)),
		.walked = xcalloc(idx->nshm_fs + 1, sizeof(bool)),
	};
	bool own_seen = false;
	int rc = 0;

	for (size_t i = 0; i < idx->nshm_fs; i++) {
		own_seen |= idx->shm_fs[i].own;
		if (fs_wanted(ctx, &idx->shm_fs[i]) && walk_fs(&p, i) < 0 && idx->shm_fs[i].own)
			rc = -1;
	}
	if (!own_seen)
		rc = own_missing(&p);
	collect_deleted(&p);
	free(p.seen);
	free(p.walked);
	return rc;
}
