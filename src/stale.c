/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "stale.h"
#include "blocked_threads.h"
#include "collect.h"
#include "file_place.h"
#include "ipc_object.h"
#include "kinds.h"
#include "selection.h"
#include "snapshot.h"
#include "strvec.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/sysmacros.h>
#include <unistd.h>

void stale_judge(const struct selection *sel, struct ipc_object *obj)
{
	obj->stale_judged = true;
	/* A collector may know already: a FIFO it found on disk that nobody has open. */
	if (!obj->stale && obj->kind->stale_reason) {
		bool has_since = false;
		int64_t since = 0;
		char *reason = obj->kind->stale_reason(obj, &has_since, &since);
		if (reason)
			ipc_object_mark_stale(obj, reason, has_since, since);
	}
	/* --older-than: active since then, so not what this run is after. */
	if (obj->stale && sel->has_stale_before &&
	    (!obj->stale->has_since || obj->stale->since > sel->stale_before))
		ipc_object_unmark_stale(obj);
}

bool stale_pid_alive(int64_t pid)
{
	if (pid <= 0 || pid > INT32_MAX)
		return false;
	return kill((pid_t)pid, 0) == 0 || errno == EPERM;
}

int64_t stale_last_activity(const struct stat *st)
{
	int64_t t = st->st_mtime;

	if (st->st_ctime > t)
		t = st->st_ctime;
	if (st->st_atime > t)
		t = st->st_atime;
	return t;
}

/* Deep enough for any sane tree, and a bound on a pathological one. */
#define SCAN_MAX_DEPTH 32

struct scan {
	mode_t type;
	stale_found_fn fn;
	void *arg;
	struct found_file found; /* the search root's part, filled once per root */
};

static void scan_dir(struct scan *s, int dfd, const char *path, const char *rel, unsigned depth)
{
	DIR *dir = fdopendir(dfd);
	struct dirent *de;
	struct stat here;

	if (!dir) {
		close(dfd);
		return;
	}
	if (fstat(dfd, &here) < 0) {
		closedir(dir);
		return;
	}
	while ((de = readdir(dir))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		struct stat st;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    st.st_dev != s->found.st_root.st_dev)
			continue;
		char *child = xasprintf("%s%s%s", path, strcmp(path, "/") ? "/" : "", de->d_name);
		if ((st.st_mode & S_IFMT) == s->type) {
			s->found.path = child;
			s->found.st = &st;
			s->found.dfd = dfd;
			s->found.dir = rel;
			s->found.st_dir = here;
			s->found.name = de->d_name;
			s->fn(&s->found, s->arg);
		} else if (S_ISDIR(st.st_mode) && depth < SCAN_MAX_DEPTH) {
			int sub = openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			char *sub_rel = xasprintf("%s%s%s", rel, rel[0] ? "/" : "", de->d_name);
			if (sub >= 0)
				scan_dir(s, sub, child, sub_rel, depth + 1);
			free(sub_rel);
		}
		free(child);
	}
	closedir(dir);
}

void stale_scan_paths(struct collect_ctx *ctx, mode_t type, stale_found_fn fn, void *arg)
{
	const struct strvec *dirs = &ctx->sel->stale_paths;
	struct scan s = { .type = type, .fn = fn, .arg = arg };

	for (size_t i = 0; i < dirs->len; i++) {
		const char *dir = dirs->items[i];
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0 || fstat(dfd, &s.found.st_root) < 0) {
			/* A default directory a system lacks is no news; a named one is. */
			if (errno != ENOENT || ctx->sel->stale_paths_given)
				strvec_pushf(ctx->warnings, "cannot search %s for stale %s: %s", dir,
					     type == S_IFIFO ? "FIFOs" : "socket files", strerror(errno));
			if (dfd >= 0)
				close(dfd);
			continue;
		}
		s.found.root = dir;
		scan_dir(&s, dfd, dir, "", 0);
	}
}

static struct file_id id_of(const struct stat *st)
{
	return (struct file_id){ true, (uint64_t)st->st_dev, (uint64_t)st->st_ino };
}

struct ipc_object *stale_file_object(const struct kind *kind, const struct found_file *f,
				     const char *reason)
{
	struct ipc_object *obj = ipc_object_new(kind);
	struct file_id root_id = id_of(&f->st_root), dir_id = id_of(&f->st_dir);

	obj->id = xasprintf("%u:%u:%llu", major(f->st->st_dev), minor(f->st->st_dev),
			    (unsigned long long)f->st->st_ino);
	obj->name = xstrdup(f->path);
	obj->has_inode = true;
	obj->inode = f->st->st_ino;
	obj->place = file_place_new(f->root, &root_id, f->dir, &dir_id, f->name);
	ipc_object_set_owner(obj, f->st);
	if (reason)
		ipc_object_mark_stale(obj, xstrdup(reason), true, stale_last_activity(f->st));
	return obj;
}

int path_remove(const struct snapshot *fresh, const struct ipc_object *obj, mode_t type,
		int (*check)(int pathfd, void *fresh, char **why), char **why)
{
	unsigned maj, min;
	unsigned long long ino;

	if (!obj->id || !obj->place || sscanf(obj->id, "%u:%u:%llu", &maj, &min, &ino) != 3) {
		*why = xstrdup("it was not found on disk, so there is no path to remove");
		return STALE_SKIPPED;
	}
	int dfd = file_place_open_dir(obj->place, why);
	if (dfd < 0)
		return *why ? STALE_SKIPPED : STALE_FAILED;
	int rc = file_place_unlink_at(dfd, obj->place->name, (uint64_t)makedev(maj, min),
				      (uint64_t)ino, type, check, (void *)fresh, why);
	int err = errno;
	close(dfd);
	errno = err;
	return rc;
}

bool stale_socket_unbound_fd(int pathfd)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char name[FD_PATH_LEN];
	bool unbound;

	/* The kernel follows the descriptor's link to the socket file itself, whatever its path. */
	fd_path(pathfd, name);
	strcpy(addr.sun_path, name);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	unbound = connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 && errno == ECONNREFUSED;
	close(fd);
	return unbound;
}

bool stale_socket_unbound_at(int dfd, const char *name, const struct stat *st)
{
	struct stat now;
	bool unbound = false;
	int pathfd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	if (pathfd < 0)
		return false;
	if (fstat(pathfd, &now) == 0 && now.st_dev == st->st_dev && now.st_ino == st->st_ino &&
	    S_ISSOCK(now.st_mode))
		unbound = stale_socket_unbound_fd(pathfd);
	close(pathfd);
	return unbound;
}
