/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SysV segments attached by two workers, queues with messages, sets with a waiter. */
#include "load.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#define SEGMENT_SIZE 65536

/* In a worker: attached until it ends. */
static int attach(int fd, const void *arg)
{
	(void)fd;
	return shmat(*(const int *)arg, NULL, 0) == (void *)-1 ? -1 : 0;
}

static int make_shm(struct load *L, const struct load_factory *self)
{
	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		int id = shmget(IPC_PRIVATE, SEGMENT_SIZE, IPC_CREAT | 0600);
		if (id < 0) {
			load_stop(L, self->kind, i, errno);
			return -1;
		}
		load_cleanup(L, CLEAN_SHMID, NULL, id);
		void *at = shmat(id, NULL, 0);
		if (at == (void *)-1) {
			load_stop(L, self->kind, i, errno);
			return -1;
		}
		memset(at, 1, SEGMENT_SIZE); /* resident, so rss shows it */
		shmdt(at);
		unsigned a = load_worker(L, i), b = load_worker(L, i + 1);
		load_task(L, a, attach, &id, sizeof(id), -1);
		load_task(L, b, attach, &id, sizeof(id), -1);
		load_object(L, self->kind, xasprintf("%d", id), NULL, worker_bit(a) | worker_bit(b));
	}
	return 0;
}

static int make_msg(struct load *L, const struct load_factory *self)
{
	struct {
		long type;
		char text[100];
	} msg = { .type = 1 };

	memset(msg.text, 'm', sizeof(msg.text));
	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
		if (id < 0) {
			load_stop(L, self->kind, i, errno);
			return -1;
		}
		load_cleanup(L, CLEAN_MSQID, NULL, id);
		for (int m = 0; m < 3; m++)
			if (msgsnd(id, &msg, sizeof(msg.text), IPC_NOWAIT) < 0) {
				load_stop(L, self->kind, i, errno);
				return -1;
			}
		load_object(L, self->kind, xasprintf("%d", id), NULL, 0);
	}
	return 0;
}

/* Blocked until the set's first semaphore rises above 0, which it never does. */
static void wait_on_set(const void *arg)
{
	struct sembuf down = { .sem_num = 0, .sem_op = -1 };
	semop(*(const int *)arg, &down, 1);
}

static int make_sem(struct load *L, const struct load_factory *self)
{
	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		int id = semget(IPC_PRIVATE, 2, IPC_CREAT | 0600);
		if (id < 0) {
			load_stop(L, self->kind, i, errno);
			return -1;
		}
		load_cleanup(L, CLEAN_SEMID, NULL, id);
		int *arg = xmalloc(sizeof(*arg));
		*arg = id;
		size_t obj = load_object(L, self->kind, xasprintf("%d", id), NULL, 0);
		load_waiter(L, obj, wait_on_set, arg);
	}
	return 0;
}

const struct load_factory load_sysv_shm = {
	.kind = "sysv_shm", .help = "64 KiB segments attached by two workers",
	.make = make_shm, .enospc_limit = "kernel.shmmni or kernel.shmall",
};
const struct load_factory load_sysv_msg = {
	.kind = "sysv_msg", .help = "queues holding three messages of 100 bytes",
	.make = make_msg, .enospc_limit = "kernel.msgmni",
};
const struct load_factory load_sysv_sem = {
	.kind = "sysv_sem", .help = "sets of two semaphores with a process blocked in semop()",
	.make = make_sem, .enospc_limit = "kernel.sem (SEMMNI, SEMMNS)",
};
