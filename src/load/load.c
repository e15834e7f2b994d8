#include "load.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

#define GROW(arr, n, cap)                                                      \
	do {                                                                   \
		if ((n) == (cap)) {                                            \
			(cap) = (cap) ? (cap) * 2 : 16;                        \
			(arr) = xreallocarray((arr), (cap), sizeof(*(arr)));   \
		}                                                              \
	} while (0)

void load_give_fd(struct load *L, int fd, unsigned worker)
{
	GROW(L->fds, L->nfds, L->fds_cap);
	L->fds[L->nfds++] = (struct load_fd){ fd, worker };
}

void load_give_map(struct load *L, void *addr, size_t len, bool sysv, uint64_t keep)
{
	GROW(L->maps, L->nmaps, L->maps_cap);
	L->maps[L->nmaps++] = (struct load_map){ addr, len, sysv, keep };
}

void load_task(struct load *L, unsigned worker, load_task_fn fn, void *arg)
{
	GROW(L->tasks, L->ntasks, L->tasks_cap);
	L->tasks[L->ntasks++] = (struct load_task){ worker, fn, arg };
}

void load_waiter(struct load *L, size_t object, load_task_fn fn, void *arg)
{
	GROW(L->waiters, L->nwaiters, L->waiters_cap);
	L->waiters[L->nwaiters++] = (struct load_waiter){ fn, arg, object };
}

void load_cleanup(struct load *L, enum load_cleanup_kind what, const char *name, int id)
{
	GROW(L->cleanups, L->ncleanups, L->cleanups_cap);
	L->cleanups[L->ncleanups++] =
		(struct load_cleanup){ what, name ? xstrdup(name) : NULL, id };
}

size_t load_object(struct load *L, const char *kind, char *id, char *name, uint64_t holders)
{
	GROW(L->objects, L->nobjects, L->objects_cap);
	L->objects[L->nobjects] = (struct load_object){
		.kind = kind, .id = id, .name = name, .holders = holders,
	};
	if (L->progress && L->nobjects % 256 == 0) {
		printf("\rmaking %s: %zu objects so far", kind, L->nobjects);
		fflush(stdout);
	}
	return L->nobjects++;
}

void load_skip(struct load *L, const char *kind, const char *fmt, ...)
{
	va_list ap;
	char *reason;

	va_start(ap, fmt);
	if (vasprintf(&reason, fmt, ap) < 0)
		reason = xstrdup(fmt);
	va_end(ap);
	GROW(L->skips, L->nskips, L->skips_cap);
	L->skips[L->nskips++] = (struct load_skip){ kind, reason };
}

char *load_name(const struct load *L, const char *tag, unsigned n)
{
	(void)L;
	return xasprintf("/ipcscope-load-%d-%s-%u", (int)getpid(), tag, n);
}

/* Which limit an errno means for this kind, so the message can name it. */
static const char *limit_of(const char *kind, int err)
{
	if (err == EMFILE || err == ENFILE)
		return err == EMFILE ? "RLIMIT_NOFILE (ulimit -n)" : "fs.file-max";
	if (err == ENOSPC && strcmp(kind, "sysv_shm") == 0)
		return "kernel.shmmni or kernel.shmall";
	if (err == ENOSPC && strcmp(kind, "sysv_msg") == 0)
		return "kernel.msgmni";
	if (err == ENOSPC && strcmp(kind, "sysv_sem") == 0)
		return "kernel.sem (SEMMNI, SEMMNS)";
	if (err == ENOSPC && strcmp(kind, "posix_mq") == 0)
		return "fs.mqueue.queues_max";
	if (err == EMFILE && strcmp(kind, "posix_mq") == 0)
		return "RLIMIT_MSGQUEUE";
	if (err == ENOMEM)
		return "memory (or RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE)";
	return NULL;
}

void load_stop(struct load *L, const char *kind, unsigned made, int err)
{
	const char *limit = limit_of(kind, err);

	free(L->stopped);
	L->stopped = xasprintf("%s: stopped after %u of %u: %s%s%s", kind, made, L->count,
			       strerror(err), limit ? "; the limit is " : "", limit ? limit : "");
}

/* ---- processes ---------------------------------------------------------- */

/* A child dies with the load, however the load ends. */
static pid_t fork_child(void)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid == 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent))
		_exit(1);
	return pid;
}

/* In worker w: drop what is not ours, run our tasks, report ready, then wait to be killed. */
static void worker_main(const struct load *L, unsigned w, int ready)
{
	signal(SIGINT, SIG_IGN); /* ^C goes to the load, which ends us */
	for (size_t i = 0; i < L->nfds; i++)
		if (L->fds[i].worker != w)
			close(L->fds[i].fd);
	for (size_t i = 0; i < L->nmaps; i++) {
		if (L->maps[i].keep & worker_bit(w))
			continue;
		if (L->maps[i].sysv)
			shmdt(L->maps[i].addr);
		else
			munmap(L->maps[i].addr, L->maps[i].len);
	}
	for (size_t i = 0; i < L->ntasks; i++)
		if (L->tasks[i].worker == w)
			L->tasks[i].fn(L, L->tasks[i].arg);
	if (write(ready, "r", 1) != 1)
		_exit(1);
	close(ready);
	for (;;)
		pause();
}

int load_start(struct load *L)
{
	int ready[2];

	if (pipe2(ready, O_CLOEXEC) < 0) {
		msg_error("load: cannot make a pipe: %s", strerror(errno));
		return -1;
	}
	for (unsigned w = 0; w < L->nworkers; w++) {
		pid_t pid = fork_child();
		if (pid < 0) {
			msg_error("load: cannot start worker %u: %s", w, strerror(errno));
			close(ready[0]);
			close(ready[1]);
			return -1;
		}
		if (pid == 0) {
			close(ready[0]);
			worker_main(L, w, ready[1]);
		}
		L->workers[w] = pid;
	}
	close(ready[1]);
	/* The parent holds nothing: every object's holders are the workers. */
	for (size_t i = 0; i < L->nfds; i++)
		close(L->fds[i].fd);
	for (size_t i = 0; i < L->nmaps; i++) {
		if (L->maps[i].sysv)
			shmdt(L->maps[i].addr);
		else
			munmap(L->maps[i].addr, L->maps[i].len);
	}
	L->nfds = L->nmaps = 0;
	/* Waiters block on what workers hold, so they start once all workers are ready. */
	unsigned got = 0;
	char c;
	while (got < L->nworkers && read(ready[0], &c, 1) == 1)
		got++;
	close(ready[0]);
	if (got < L->nworkers)
		msg_error("load: %u of %u workers ended early", L->nworkers - got, L->nworkers);
	for (size_t i = 0; i < L->nwaiters; i++) {
		pid_t pid = fork_child();
		if (pid == 0) {
			signal(SIGINT, SIG_IGN);
			L->waiters[i].fn(L, L->waiters[i].arg);
			for (;;)
				pause();
		}
		if (pid > 0) {
			struct load_object *o = &L->objects[L->waiters[i].object];
			o->waiters = xreallocarray(o->waiters, o->nwaiters + 1, sizeof(*o->waiters));
			o->waiters[o->nwaiters++] = pid;
		}
	}
	return 0;
}

static void kill_and_reap(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

static void remove_named(const struct load_cleanup *c)
{
	switch (c->what) {
	case CLEAN_PATH:
		unlink(c->name);
		break;
	case CLEAN_SHM_NAME:
		shm_unlink(c->name);
		break;
	case CLEAN_SEM_NAME:
		sem_unlink(c->name);
		break;
	case CLEAN_MQ_NAME:
		mq_unlink(c->name);
		break;
	case CLEAN_SHMID:
		shmctl(c->id, IPC_RMID, NULL);
		break;
	case CLEAN_MSQID:
		msgctl(c->id, IPC_RMID, NULL);
		break;
	case CLEAN_SEMID:
		semctl(c->id, 0, IPC_RMID);
		break;
	}
}

void load_finish(struct load *L)
{
	for (size_t i = 0; i < L->nobjects; i++)
		for (size_t k = 0; k < L->objects[i].nwaiters; k++)
			kill_and_reap(L->objects[i].waiters[k]);
	for (unsigned w = 0; w < L->nworkers; w++)
		kill_and_reap(L->workers[w]);
	/* Children that ended on their own, or any we lost count of. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	for (size_t i = 0; i < L->ncleanups; i++)
		remove_named(&L->cleanups[i]);
	if (L->dir[0] && rmdir(L->dir) < 0 && errno != ENOENT)
		msg_error("load: cannot remove %s: %s", L->dir, strerror(errno));
}

void load_free(struct load *L)
{
	for (size_t i = 0; i < L->ncleanups; i++)
		free(L->cleanups[i].name);
	for (size_t i = 0; i < L->nobjects; i++) {
		free(L->objects[i].id);
		free(L->objects[i].name);
		free(L->objects[i].waiters);
	}
	for (size_t i = 0; i < L->nskips; i++)
		free(L->skips[i].reason);
	for (size_t i = 0; i < L->ntasks; i++)
		free(L->tasks[i].arg);
	for (size_t i = 0; i < L->nwaiters; i++)
		free(L->waiters[i].arg);
	free(L->fds);
	free(L->maps);
	free(L->tasks);
	free(L->waiters);
	free(L->cleanups);
	free(L->objects);
	free(L->skips);
	free(L->stopped);
}
