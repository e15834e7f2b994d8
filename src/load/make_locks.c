/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File locks of each type on files in the load's directory, each held by
 * a worker and, where a lock can block, with a process waiting for it.
 */
#include "load.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

enum { LOCK_FLOCK, LOCK_POSIX, LOCK_OFD, LOCK_LEASE, LOCK_TYPES };

struct lock_arg {
	char path[128];
};

static struct lock_arg *lock_arg(const char *path)
{
	struct lock_arg *a = xcalloc(1, sizeof(*a));
	snprintf(a->path, sizeof(a->path), "%s", path);
	return a;
}

static int range(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

/*
 * Each lock is taken by the worker that holds its descriptor, so that
 * /proc/locks names that worker, and a POSIX lock, which belongs to a
 * process, is the worker's.
 */
static int take_flock(int fd, const void *arg)
{
	(void)arg;
	return flock(fd, LOCK_EX | LOCK_NB);
}

static int take_posix(int fd, const void *arg)
{
	(void)arg;
	return range(fd, F_SETLK, F_WRLCK, 0, 100);
}

static int take_ofd(int fd, const void *arg)
{
	(void)arg;
	return range(fd, F_OFD_SETLK, F_WRLCK, 10, 20);
}

static int take_lease(int fd, const void *arg)
{
	(void)arg;
	return fcntl(fd, F_SETLEASE, F_RDLCK);
}

/* Waiters open the file anew: a lock they shared would not block them. */
static void wait_flock(const void *arg)
{
	int fd = open(((const struct lock_arg *)arg)->path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		flock(fd, LOCK_EX);
}

static void wait_posix(const void *arg)
{
	int fd = open(((const struct lock_arg *)arg)->path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		range(fd, F_SETLKW, F_RDLCK, 50, 10);
}

static void wait_ofd(const void *arg)
{
	int fd = open(((const struct lock_arg *)arg)->path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		range(fd, F_OFD_SETLKW, F_WRLCK, 0, 0);
}

/* Whether this filesystem grants leases: take one and let it go again. */
static bool leases_allowed(int fd)
{
	return fcntl(fd, F_SETLEASE, F_RDLCK) == 0 && fcntl(fd, F_SETLEASE, F_UNLCK) == 0;
}

static int make_one(struct load *L, const char *kind, unsigned i, bool *lease_ok)
{
	static const struct {
		load_task_fn take;
		load_waiter_fn wait; /* none for a lease: opening to write breaks it */
	} types[LOCK_TYPES] = {
		[LOCK_FLOCK] = { take_flock, wait_flock },
		[LOCK_POSIX] = { take_posix, wait_posix },
		[LOCK_OFD] = { take_ofd, wait_ofd },
		[LOCK_LEASE] = { take_lease, NULL },
	};
	int type = (int)(i % LOCK_TYPES);
	char *path = xasprintf("%s/lock-%u", L->dir, i);
	int fd = open(path, (type == LOCK_LEASE ? O_RDONLY : O_RDWR) | O_CREAT | O_CLOEXEC, 0644);
	unsigned w = load_worker(L, i);

	if (fd < 0) {
		free(path);
		return -1;
	}
	load_cleanup(L, CLEAN_PATH, path, 0);
	if (type == LOCK_LEASE && (!*lease_ok || !leases_allowed(fd))) {
		if (*lease_ok)
			load_skip(L, kind, "a lease on %s: %s (the filesystem may not allow them)",
				  L->dir, strerror(errno));
		*lease_ok = false;
		close(fd);
		free(path);
		return 0;
	}
	load_task(L, w, types[type].take, NULL, 0, fd);
	close(fd);
	size_t obj = load_object(L, kind, NULL, path, worker_bit(w));
	if (types[type].wait)
		load_waiter(L, obj, types[type].wait, lock_arg(path));
	return 0;
}

static int make_locks(struct load *L, const struct load_factory *self)
{
	bool lease_ok = true;

	for (unsigned i = 0; i < L->count && !L->stopped; i++)
		if (make_one(L, self->kind, i, &lease_ok) < 0) {
			load_stop(L, self->kind, i, errno);
			return -1;
		}
	return 0;
}

const struct load_factory load_lock = {
	.kind = "lock",
	.help = "flock, POSIX range, OFD locks with a blocked waiter each, and read leases",
	.make = make_locks,
};
