/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_LOAD_H
#define IPCSCOPE_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "strvec.h"

/*
 * The load generator forks its worker processes first, each with a channel
 * to the load.  Each object is made in the load and handed over that
 * channel to the workers that are to hold it, and the load closes its own
 * copy: the load holds only a few descriptors at any time, and each worker
 * only its share, so a load far larger than one process's RLIMIT_NOFILE
 * fits.  Blocked waiters are separate processes started last, which open
 * what they wait on anew.  Everything named is recorded for removal at the
 * end.
 */

#define LOAD_MAX_WORKERS 64
#define LOAD_TASK_ARG_MAX 160

struct load;

/*
 * Runs in a worker: fd is the descriptor sent along with the task, or -1.
 * 0, or -1 with errno set, which the load then reports.
 */
typedef int (*load_task_fn)(int fd, const void *arg);
/* Runs in a waiter process of its own. */
typedef void (*load_waiter_fn)(const void *arg);

/* One object in the manifest: what `list` will show and who holds it. */
struct load_object {
	const char *kind;
	char *id;   /* as `list` prints it; NULL where it is not known in advance (locks) */
	char *name; /* NULL for none */
	uint64_t holders; /* bit per worker */
	size_t nwaiters;  /* waiter processes started for it (their pids follow) */
	pid_t *waiters;
	bool stale;       /* left behind on purpose with --stale */
};

struct load_skip {
	const char *kind;
	char *reason;
};

struct load {
	unsigned nworkers;
	unsigned count;
	bool stale;
	bool progress;      /* an updating line on the terminal while making */
	double progress_start, progress_shown; /* 0: not yet */
	char dir[64];       /* temporary directory, removed at the end */
	char stale_dir[64]; /* where --stale leaves paths; never removed */
	pid_t workers[LOAD_MAX_WORKERS];  /* 0 once reaped */
	int channels[LOAD_MAX_WORKERS];  /* to each worker started */
	unsigned nstarted;
	unsigned unsynced[LOAD_MAX_WORKERS]; /* messages sent since the last sync */
	unsigned sync_every;

	struct load_waiter { load_waiter_fn fn; void *arg; size_t object; } *waiters;
	size_t nwaiters, waiters_cap;
	struct load_cleanup { int what; char *name; int id; } *cleanups;
	size_t ncleanups, cleanups_cap;

	struct load_object *objects;
	size_t nobjects, objects_cap;
	struct load_skip *skips;
	size_t nskips, skips_cap;
	struct strvec warnings; /* made, but something to know about it */
	char *stopped; /* why making stopped early (a limit), or NULL */
	const char *making; /* the kind being made, for messages */
};

enum load_cleanup_kind {
	CLEAN_PATH,     /* unlink */
	CLEAN_SHM_NAME, /* shm_unlink */
	CLEAN_SEM_NAME, /* sem_unlink */
	CLEAN_MQ_NAME,  /* mq_unlink */
	CLEAN_SHMID,    /* shmctl IPC_RMID */
	CLEAN_MSQID,    /* msgctl IPC_RMID */
	CLEAN_SEMID,    /* semctl IPC_RMID */
};

/*
 * For the factories.  load_give_fd hands fd to a worker, which keeps it, and
 * closes the load's copy.  load_task runs fn(copy of fd, copy of arg) in a
 * worker; fd may be -1 and stays open in the load.  When a worker cannot be
 * reached, L->stopped says so and later calls do nothing.
 */
void load_give_fd(struct load *L, int fd, unsigned worker);
void load_task(struct load *L, unsigned worker, load_task_fn fn, const void *arg, size_t len,
	       int fd);
/* A process of its own, started once every worker holds its share. */
void load_waiter(struct load *L, size_t object, load_waiter_fn fn, void *arg);
void load_cleanup(struct load *L, enum load_cleanup_kind what, const char *name, int id);
size_t load_object(struct load *L, const char *kind, char *id, char *name, uint64_t holders);
void load_skip(struct load *L, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A name unique to this run: "/ipcscope-load-PID-TAG-N". */
char *load_name(const struct load *L, const char *tag, unsigned n);
/* Worker i of n, spreading objects evenly. */
static inline unsigned load_worker(const struct load *L, unsigned i)
{
	return i % L->nworkers;
}
static inline uint64_t worker_bit(unsigned w)
{
	return (uint64_t)1 << w;
}

/* One kind's maker: makes L->count objects, or records why it could not. */
struct load_factory {
	const char *kind; /* first: the registry (registry.h) finds it by this name */
	const char *help;
	int (*make)(struct load *L, const struct load_factory *self);
	/* Optional: what EMFILE may mean besides RLIMIT_NOFILE, for the message that names it. */
	const char *emfile_limit;
	/* Optional: the limit ENOSPC means for this kind ("kernel.msgmni"). */
	const char *enospc_limit;
	/*
	 * Optional: where the kind's files are when not in the load's own
	 * directory ("/dev/shm"): ENOSPC means that filesystem's space or inodes.
	 */
	const char *files_dir;
};

size_t load_factories_count(void);
const struct load_factory *load_factory_at(size_t i);
const struct load_factory *load_factory_find(const char *kind);
const char *load_kinds_names(void);

/* When making hit a limit: a message naming it, and stop making more. */
void load_stop(struct load *L, const char *kind, unsigned made, int err);
/* The same, when a worker could not take or use what it was sent. */
void load_stop_in_worker(struct load *L, unsigned worker, int err);

/* Fork the workers, before anything is made. 0 or -1 (with a message). */
int load_start_workers(struct load *L);
/* Wait until every worker has done what it was sent: 0, or -1 and L->stopped says why. */
int load_sync_workers(struct load *L);
/* Wait for the workers, then start the waiters. */
int load_start_waiters(struct load *L);
/* A child that ended early: reap it and say so. */
void load_reap_early(struct load *L);
/* Kill and reap every worker and waiter. */
void load_end_children(struct load *L);
/* End the children; remove every named object (not the stale ones). */
void load_finish(struct load *L);
void load_free(struct load *L);

/* --stale: the leftovers, recorded as stale objects. */
int load_make_stale(struct load *L);

/* The id `list` gives the POSIX object open on fd in our namespace (malloc'd; NULL unknown). */
char *load_posix_id(int fd);

#endif
