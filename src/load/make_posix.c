/* SPDX-License-Identifier: GPL-2.0-or-later */
/* POSIX shared memory mapped by two workers, named semaphores, queues with messages. */
#include "load.h"
#include "posix_mq.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define SHM_SIZE 65536

/* In a worker: held through the mapping alone. */
static int map_shm(int fd, const void *arg)
{
	(void)arg;
	void *at = mmap(NULL, SHM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	int err = errno;
	close(fd);
	errno = err;
	return at == MAP_FAILED ? -1 : 0;
}

/* In a worker: open, and so mapped, until it ends. */
static int open_sem(int fd, const void *arg)
{
	(void)fd;
	return sem_open(arg, 0) == SEM_FAILED ? -1 : 0;
}

/* The id `list` gives a POSIX object of our namespace: its inode; NULL if unknown. */
char *load_posix_id(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 ? xasprintf("%llu", (unsigned long long)st.st_ino) : NULL;
}

/* A named semaphore's file is /dev/shm/sem.NAME, NAME without its slash. */
static char *sem_id(const char *name)
{
	char *path = xasprintf("/dev/shm/sem.%s", name + 1);
	struct stat st;
	char *id = stat(path, &st) == 0 ? xasprintf("%llu", (unsigned long long)st.st_ino) : NULL;

	free(path);
	return id;
}

static int make_shm(struct load *L, const struct load_factory *self)
{
	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		char *name = load_name(L, "shm", i);
		int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
		void *at = MAP_FAILED;
		if (fd >= 0)
			load_cleanup(L, CLEAN_SHM_NAME, name, 0);
		if (fd < 0 || ftruncate(fd, SHM_SIZE) < 0 ||
		    (at = mmap(NULL, SHM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)) ==
			    MAP_FAILED) {
			int err = errno;
			if (fd >= 0)
				close(fd);
			free(name);
			load_stop(L, self->kind, i, err);
			return -1;
		}
		memset(at, 1, SHM_SIZE); /* resident, so the size is real memory */
		munmap(at, SHM_SIZE);
		unsigned a = load_worker(L, i), b = load_worker(L, i + 1);
		load_task(L, a, map_shm, NULL, 0, fd);
		load_task(L, b, map_shm, NULL, 0, fd);
		char *id = load_posix_id(fd);
		close(fd);
		load_object(L, self->kind, id, name, worker_bit(a) | worker_bit(b));
	}
	return 0;
}

static int make_sem(struct load *L, const struct load_factory *self)
{
	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		char *name = load_name(L, "sem", i);
		sem_t *sem = sem_open(name, O_CREAT | O_EXCL, 0600, 1);
		if (sem == SEM_FAILED) {
			int err = errno;
			free(name);
			load_stop(L, self->kind, i, err);
			return -1;
		}
		load_cleanup(L, CLEAN_SEM_NAME, name, 0);
		sem_close(sem);
		unsigned w = load_worker(L, i);
		load_task(L, w, open_sem, name, strlen(name) + 1, -1);
		load_object(L, self->kind, sem_id(name), name, worker_bit(w));
	}
	return 0;
}

static int make_mq(struct load *L, const struct load_factory *self)
{
	struct mq_attr attr = { .mq_maxmsg = 8, .mq_msgsize = 128 };

	/* The queues need no mount to exist; only to be seen when nobody holds them. */
	if (!mqueue_mounted())
		strvec_pushf(&L->warnings, "posix_mq: /dev/mqueue is not mounted: `list` shows these queues only "
			     "while they are held; to see all: %s",
			  mqueue_mount_command());

	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		char *name = load_name(L, "mq", i);
		mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NONBLOCK, 0600, &attr);
		if (q == (mqd_t)-1) {
			int err = errno;
			free(name);
			if (err == ENOSYS) {
				load_skip(L, self->kind, "this kernel has no POSIX message queues");
				return 0;
			}
			load_stop(L, self->kind, i, err);
			return -1;
		}
		load_cleanup(L, CLEAN_MQ_NAME, name, 0);
		if (mq_send(q, "hello", 5, 0) < 0 || mq_send(q, "world!!", 7, 0) < 0) {
			load_stop(L, self->kind, i, errno);
			mq_close(q);
			free(name);
			return -1;
		}
		char *id = load_posix_id(q);
		load_give_fd(L, q, load_worker(L, i));
		load_object(L, self->kind, id, name, worker_bit(load_worker(L, i)));
	}
	return 0;
}

const struct load_factory load_posix_shm = {
	.kind = "posix_shm", .help = "64 KiB objects in /dev/shm mapped by two workers",
	.make = make_shm, .files_dir = "/dev/shm",
};
const struct load_factory load_posix_sem = {
	.kind = "posix_sem", .help = "named semaphores held by one worker",
	.make = make_sem, .files_dir = "/dev/shm",
};
const struct load_factory load_posix_mq = {
	.kind = "posix_mq", .help = "queues holding two messages",
	.make = make_mq, .emfile_limit = "RLIMIT_MSGQUEUE (ulimit -q)",
	.enospc_limit = "fs.mqueue.queues_max",
};
