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
	int fd; /* the worker's descriptor, for a lock taken after the fork */
};

static struct lock_arg *lock_arg(const char *path, int fd)
{
	struct lock_arg *a = xcalloc(1, sizeof(*a));
	snprintf(a->path, sizeof(a->path), "%s", path);
	a->fd = fd;
	return a;
}

static int range(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	return fcntl(fd, cmd, &fl);
}

/* A POSIX lock belongs to the process that takes it: so the worker takes it. */
static void take_posix(const struct load *L, const void *arg)
{
	(void)L;
	range(((const struct lock_arg *)arg)->fd, F_SETLK, F_WRLCK, 0, 100);
}

/* Waiters open the file anew: a lock they shared would not block them. */
static void wait_flock(const struct load *L, const void *arg)
{
	(void)L;
	int fd = open(((const struct lock_arg *)arg)->path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		flock(fd, LOCK_EX);
}

static void wait_posix(const struct load *L, const void *arg)
{
	(void)L;
	int fd = open(((const struct lock_arg *)arg)->path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		range(fd, F_SETLKW, F_RDLCK, 50, 10);
}

static void wait_ofd(const struct load *L, const void *arg)
{
	(void)L;
	int fd = open(((const struct lock_arg *)arg)->path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		range(fd, F_OFD_SETLKW, F_WRLCK, 0, 0);
}

static int make_one(struct load *L, const char *kind, unsigned i, bool *lease_ok)
{
	char *path = xasprintf("%s/lock-%u", L->dir, i);
	int type = (int)(i % LOCK_TYPES);
	int fd = open(path, (type == LOCK_LEASE ? O_RDONLY : O_RDWR) | O_CREAT | O_CLOEXEC, 0644);
	unsigned w = load_worker(L, i);
	load_task_fn waiter = NULL;
	int rc = 0;

	if (fd < 0) {
		free(path);
		return -1;
	}
	load_cleanup(L, CLEAN_PATH, path, 0);
	switch (type) {
	case LOCK_FLOCK:
		rc = flock(fd, LOCK_EX);
		waiter = wait_flock;
		break;
	case LOCK_POSIX:
		load_task(L, w, take_posix, lock_arg(path, fd));
		waiter = wait_posix;
		break;
	case LOCK_OFD:
		rc = range(fd, F_OFD_SETLK, F_WRLCK, 10, 20);
		waiter = wait_ofd;
		break;
	case LOCK_LEASE:
		/* No waiter: opening to write would break the lease, not wait on it. */
		if (fcntl(fd, F_SETLEASE, F_RDLCK) < 0) {
			if (*lease_ok)
				load_skip(L, kind, "a lease on %s: %s (the filesystem may not allow them)",
					  L->dir, strerror(errno));
			*lease_ok = false;
			close(fd);
			free(path);
			return 0;
		}
		break;
	}
	if (rc < 0) {
		close(fd);
		free(path);
		return -1;
	}
	load_give_fd(L, fd, w);
	size_t obj = load_object(L, kind, NULL, path, worker_bit(w));
	if (waiter)
		load_waiter(L, obj, waiter, lock_arg(path, -1));
	return 0;
}

static int make_locks(struct load *L, const struct load_factory *self)
{
	bool lease_ok = true;

	for (unsigned i = 0; i < L->count; i++)
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
