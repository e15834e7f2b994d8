#include "stale.h"
#include "ipc_object.h"
#include "kinds.h"
#include "selection.h"
#include "snapshot.h"
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
	struct snapshot *snap;
	mode_t type;
	void (*fn)(const char *path, const struct stat *st, void *arg);
	void *arg;
	dev_t dev; /* the filesystem of the --path directory: never leave it */
};

static void scan_dir(struct scan *s, int dfd, const char *path, unsigned depth)
{
	DIR *dir = fdopendir(dfd);
	struct dirent *de;

	if (!dir) {
		close(dfd);
		return;
	}
	while ((de = readdir(dir))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		struct stat st;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_dev != s->dev)
			continue;
		char *child = xasprintf("%s%s%s", path, strcmp(path, "/") ? "/" : "", de->d_name);
		if ((st.st_mode & S_IFMT) == s->type) {
			s->fn(child, &st, s->arg);
		} else if (S_ISDIR(st.st_mode) && depth < SCAN_MAX_DEPTH) {
			int sub = openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (sub >= 0)
				scan_dir(s, sub, child, depth + 1);
		}
		free(child);
	}
	closedir(dir);
}

void stale_scan_paths(struct snapshot *snap, mode_t type,
		      void (*fn)(const char *path, const struct stat *st, void *arg), void *arg)
{
	const struct strvec *dirs = &snap->sel->stale_paths;
	struct scan s = { .snap = snap, .type = type, .fn = fn, .arg = arg };

	for (size_t i = 0; i < dirs->len; i++) {
		const char *dir = dirs->items[i];
		struct stat st;
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0 || fstat(dfd, &st) < 0) {
			/* A default directory a system lacks is no news; a named one is. */
			if (errno != ENOENT || snap->sel->stale_paths_given)
				strvec_pushf(&snap->warnings, "cannot search %s for stale %s: %s", dir,
					     type == S_IFIFO ? "FIFOs" : "socket files", strerror(errno));
			if (dfd >= 0)
				close(dfd);
			continue;
		}
		s.dev = st.st_dev;
		scan_dir(&s, dfd, dir, 0);
	}
}

struct ipc_object *stale_file_object(const struct kind *kind, const char *path,
				     const struct stat *st, const char *reason)
{
	struct ipc_object *obj = ipc_object_new(kind);

	obj->id = xasprintf("%u:%u:%llu", major(st->st_dev), minor(st->st_dev),
			    (unsigned long long)st->st_ino);
	obj->name = xstrdup(path);
	obj->has_inode = true;
	obj->inode = st->st_ino;
	ipc_object_set_owner(obj, st);
	if (reason)
		ipc_object_mark_stale(obj, xstrdup(reason), true, stale_last_activity(st));
	return obj;
}

int path_remove(const struct ipc_object *obj, char **why)
{
	unsigned maj, min;
	unsigned long long ino;
	mode_t type = strcmp(obj->kind->name, "fifo") == 0 ? S_IFIFO : S_IFSOCK;

	if (!obj->id || !obj->name || sscanf(obj->id, "%u:%u:%llu", &maj, &min, &ino) != 3) {
		*why = xstrdup("it was not found on disk, so there is no path to remove");
		return STALE_SKIPPED;
	}
	if (type == S_IFSOCK && !stale_socket_unbound(obj->name)) {
		*why = xstrdup("a socket is bound to it again");
		return STALE_SKIPPED;
	}
	return stale_unlink_same(obj->name, (uint64_t)makedev(maj, min), (uint64_t)ino, type, why);
}

bool stale_socket_unbound(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	bool unbound;

	if (strlen(path) >= sizeof(addr.sun_path))
		return false; /* cannot be asked: assume it is in use */
	strcpy(addr.sun_path, path);
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return false;
	unbound = connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 && errno == ECONNREFUSED;
	close(fd);
	return unbound;
}

int stale_unlink_same(const char *path, uint64_t dev, uint64_t ino, mode_t type, char **why)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		if (errno != ENOENT)
			return STALE_FAILED;
		*why = xstrdup("it is gone already");
		return STALE_SKIPPED;
	}
	if ((uint64_t)st.st_dev != dev || (uint64_t)st.st_ino != ino ||
	    (st.st_mode & S_IFMT) != type) {
		*why = xasprintf("%s is another file now (made anew since it was found)", path);
		return STALE_SKIPPED;
	}
	if (unlink(path) == 0)
		return STALE_REMOVED;
	if (errno == ENOENT) {
		*why = xstrdup("it is gone already");
		return STALE_SKIPPED;
	}
	return STALE_FAILED;
}
