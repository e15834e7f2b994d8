/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SysV semaphore sets: their values, and how many processes wait on them. */
#include "collect.h"
#include "ipc_object.h"
#include "kernel_limits.h"
#include "kinds.h"
#include "snapshot.h"
#include "stale_sysv.h"
#include "strvec.h"
#include "sysv_common.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sem.h>

struct sem_row {
	struct sysv_perm perm;
	uint64_t nsems;
	int64_t otime, ctime;
};

/* The caller defines it (semctl(2)). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

static const struct attr_def attr_semid = {
	.json = "semid", .column = "SEMID", .type = ATTR_UINT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "set id, as semop() takes it",
};
static const struct attr_def attr_nsems = {
	.json = "nsems", .column = "NSEMS", .type = ATTR_UINT, .width_hint = 3,
	.col_flags = COL_RIGHT, .help = "semaphores in the set",
};
static const struct attr_def attr_values = {
	.json = "values", .column = "VALUES", .type = ATTR_INT_LIST, .width_hint = 8,
	.col_flags = COL_TRUNC, .help = "each semaphore's value",
};
static const struct attr_def attr_last_pids = {
	.json = "last_pids", .column = "LAST-PIDS", .type = ATTR_INT_LIST, .width_hint = 8,
	.col_flags = COL_TRUNC, .help = "per semaphore, pid of the last semop() (null: none yet)",
};
static const struct attr_def attr_waiting = {
	.json = "waiting", .column = "WAITING", .type = ATTR_UINT, .width_hint = 3,
	.col_flags = COL_RIGHT,
	.help = "processes blocked in semop() on the set, waiting for an increase or for zero",
};
static const struct attr_def attr_otime = {
	.json = "otime", .column = "OTIME", .type = ATTR_TIME, .width_hint = 20,
	.help = "last semop(), UTC",
};

/*
 * Values, last pids and waiters come from semctl() reads, which change
 * nothing; a set we may not read keeps them null.  The kernel counts a
 * blocked semop() once, against the one semaphore it is waiting on, so the
 * sum over the set is the number of blocked callers.
 */
static void read_semaphores(struct ipc_object *obj, int semid, uint64_t nsems)
{
	if (nsems == 0 || nsems > 65536)
		return;
	unsigned short *vals = xcalloc(nsems, sizeof(*vals));
	struct int_list_item *values = NULL, *pids = NULL;
	uint64_t waiting = 0;

	if (semctl(semid, 0, GETALL, (union semun){ .array = vals }) < 0)
		goto out;
	values = xcalloc(nsems, sizeof(*values));
	pids = xcalloc(nsems, sizeof(*pids));
	for (uint64_t i = 0; i < nsems; i++) {
		int pid = semctl(semid, (int)i, GETPID);
		int ncnt = semctl(semid, (int)i, GETNCNT);
		int zcnt = semctl(semid, (int)i, GETZCNT);
		if (pid < 0 || ncnt < 0 || zcnt < 0)
			goto out; /* removed while we read: report nothing rather than half */
		values[i] = (struct int_list_item){ true, vals[i] };
		pids[i] = (struct int_list_item){ pid > 0, pid };
		waiting += (uint64_t)ncnt + (uint64_t)zcnt;
	}
	ipc_object_set_list(obj, &attr_values, values, nsems);
	ipc_object_set_list(obj, &attr_last_pids, pids, nsems);
	ipc_object_set_uint(obj, &attr_waiting, waiting);
	values = pids = NULL;
out:
	free(values);
	free(pids);
	free(vals);
}

static void add_set(const struct sysv_ctx *c, const struct sem_row *r)
{
	struct ipc_object *obj = sysv_object_new(c, &attr_semid, &r->perm);

	ipc_object_set_uint(obj, &attr_nsems, r->nsems);
	read_semaphores(obj, (int)r->perm.id, r->nsems);
	ipc_object_set_time(obj, &attr_otime, r->otime);
	ipc_object_set_time(obj, &attr_sysv_ctime, r->ctime);
	collect_add(c->collect, obj);
}

static const char *const sem_columns[] = {
	"key", "semid", "perms", "nsems", "uid", "gid", "cuid", "cgid", "otime", "ctime",
};

static void sem_from_values(const int64_t *v, void *ctx)
{
	struct sysv_ctx *c = ctx;
	struct sem_row r = {
		.perm = { .key = (int32_t)v[0], .id = (uint32_t)v[1], .mode = (unsigned)v[2],
			  .uid = (uint32_t)v[4], .gid = (uint32_t)v[5],
			  .cuid = (uint32_t)v[6], .cgid = (uint32_t)v[7] },
		.nsems = (uint64_t)v[3], .otime = v[8], .ctime = v[9],
	};
	add_set(c, &r);
}

/* Without /proc/sysvipc: walk the kernel's id table by index. */
static int sem_from_syscalls(struct sysv_ctx *c)
{
	struct seminfo info;
	int maxidx = semctl(0, 0, SEM_INFO, (union semun){ .buf = (struct semid_ds *)&info });

	if (maxidx < 0) {
		strvec_pushf(c->collect->warnings, "sysv_sem: cannot list sets%s: %s", c->where,
			     strerror(errno));
		return -1;
	}
	for (int i = 0; i <= maxidx; i++) {
		struct semid_ds ds;
		int id = semctl(i, 0, SEM_STAT_ANY, (union semun){ .buf = &ds });
		if (id < 0 && errno == EINVAL) /* kernels before 4.17; EINVAL: unused slot */
			id = semctl(i, 0, SEM_STAT, (union semun){ .buf = &ds });
		if (id < 0)
			continue;
		struct sem_row r = {
			.perm = { .key = ds.sem_perm.__key, .id = (uint32_t)id,
				  .mode = ds.sem_perm.mode, .uid = ds.sem_perm.uid,
				  .gid = ds.sem_perm.gid, .cuid = ds.sem_perm.cuid,
				  .cgid = ds.sem_perm.cgid },
			.nsems = ds.sem_nsems, .otime = ds.sem_otime, .ctime = ds.sem_ctime,
		};
		add_set(c, &r);
	}
	return 0;
}

static const struct sysv_source sem_source = {
	.file = "sem", .columns = sem_columns, .ncolumns = ARRAY_SIZE(sem_columns),
	.row = sem_from_values, .fallback = sem_from_syscalls,
};

static int collect_sem(struct collect_ctx *ctx, const struct kind *self)
{
	return sysv_collect(ctx, self, &sem_source);
}

static char *sem_summary(const struct ipc_object *obj)
{
	const struct attr_value *w = ipc_object_attr(obj, &attr_waiting);

	if (!w->known)
		return NULL;
	return xasprintf("%llu waiting", (unsigned long long)w->u);
}

/* The kernel counts sets and semaphores itself (SEM_INFO). */
static struct maybe_u64 sem_sets(const struct limit_measure *m) { return m->info->sem_sets; }

static struct maybe_u64 sem_semaphores(const struct limit_measure *m)
{
	return m->info->sem_semaphores;
}

static struct maybe_u64 ipc_semmni(const struct ipc_info *i) { return i->semmni; }
static struct maybe_u64 ipc_semmns(const struct ipc_info *i) { return i->semmns; }

/* kernel.sem is SEMMSL, SEMMNS, SEMOPM, SEMMNI. */
static const struct kind_limit sem_limits[] = {
	{ .name = "semmni", .sysctl = "kernel.sem", .field = 3, .what = "semaphore sets",
	  .unit = "sets", .used = sem_sets, .fallback = ipc_semmni },
	{ .name = "semmns", .sysctl = "kernel.sem", .field = 1, .what = "semaphores in all sets",
	  .unit = "semaphores", .used = sem_semaphores, .fallback = ipc_semmns },
};

static const struct attr_def *const sem_attrs[] = {
	&attr_semid, &attr_sysv_ipcns, &attr_sysv_key, &attr_sysv_cuid, &attr_sysv_cgid, &attr_nsems,
	&attr_values, &attr_last_pids, &attr_waiting, &attr_otime, &attr_sysv_ctime,
};

const struct kind kind_sysv_sem = {
	.name = "sysv_sem",
	.help = "SysV semaphore sets",
	.collect = collect_sem,
	.attrs = sem_attrs,
	.nattrs = ARRAY_SIZE(sem_attrs),
	.default_columns = "KIND,ID,KEY,USER,MODE,NSEMS,VALUES,WAITING",
	.summary = sem_summary,
	.stale_reason = sysv_sem_stale,
	.remove = sysv_sem_remove,
	.limits = sem_limits,
	.nlimits = ARRAY_SIZE(sem_limits),
};
