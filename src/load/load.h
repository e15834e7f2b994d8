#ifndef IPCSCOPE_LOAD_H
#define IPCSCOPE_LOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The load generator makes every object in the parent process, then forks
 * the worker processes, which inherit all of it; each worker keeps only
 * what it was given and closes or unmaps the rest.  Blocked waiters are
 * separate processes started last, which open what they wait on anew.
 * Everything named is recorded for removal at the end.
 */

#define LOAD_MAX_WORKERS 64

struct load;

/* Runs in a worker after the fork, or in a waiter process of its own. */
typedef void (*load_task_fn)(const struct load *L, const void *arg);

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
	char dir[64];       /* temporary directory, removed at the end */
	char stale_dir[64]; /* where --stale leaves paths; never removed */
	pid_t workers[LOAD_MAX_WORKERS];

	struct load_fd { int fd; unsigned worker; } *fds;
	size_t nfds, fds_cap;
	struct load_map { void *addr; size_t len; bool sysv; uint64_t keep; } *maps;
	size_t nmaps, maps_cap;
	struct load_task { unsigned worker; load_task_fn fn; void *arg; } *tasks;
	size_t ntasks, tasks_cap;
	struct load_waiter { load_task_fn fn; void *arg; size_t object; } *waiters;
	size_t nwaiters, waiters_cap;
	struct load_cleanup { int what; char *name; int id; } *cleanups;
	size_t ncleanups, cleanups_cap;

	struct load_object *objects;
	size_t nobjects, objects_cap;
	struct load_skip *skips;
	size_t nskips, skips_cap;
	char *stopped; /* why making stopped early (a limit), or NULL */
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

/* Record, for the factories. Each returns the index of what it recorded where useful. */
void load_give_fd(struct load *L, int fd, unsigned worker);
void load_give_map(struct load *L, void *addr, size_t len, bool sysv, uint64_t keep);
void load_task(struct load *L, unsigned worker, load_task_fn fn, void *arg);
void load_waiter(struct load *L, size_t object, load_task_fn fn, void *arg);
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
	const char *kind;
	const char *help;
	int (*make)(struct load *L, const struct load_factory *self);
};

size_t load_factories_count(void);
const struct load_factory *load_factory_at(size_t i);
const struct load_factory *load_factory_find(const char *kind);
const char *load_kinds_names(void);

/* When making hit a limit: a message naming it, and stop making more. */
void load_stop(struct load *L, const char *kind, unsigned made, int err);

/* Fork the workers and waiters; then the parent holds nothing. 0 or -1. */
int load_start(struct load *L);
/* Kill and reap every child; remove every named object (not the stale ones). */
void load_finish(struct load *L);
void load_free(struct load *L);

/* --stale: the leftovers, recorded as stale objects. */
int load_make_stale(struct load *L);

void load_print_manifest(const struct load *L, bool json);

#endif
