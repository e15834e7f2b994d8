/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SysV shared memory segments, and the processes that have them attached. */
#include "collect.h"
#include "ipc_object.h"
#include "kernel_limits.h"
#include "kinds.h"
#include "memory_size.h"
#include "procindex.h"
#include "snapshot.h"
#include "stale_sysv.h"
#include "strvec.h"
#include "sysv_common.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>

struct shm_row {
	struct sysv_perm perm;
	uint64_t size, nattch;
	int64_t cpid, lpid, atime, dtime, ctime;
	bool has_rss; /* /proc/sysvipc/shm has rss and swap; the syscall does not */
	uint64_t rss, swap;
};

static const struct attr_def attr_shmid = {
	.json = "shmid", .column = "SHMID", .type = ATTR_UINT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "segment id, as shmat() takes it",
};
static const struct attr_def attr_nattch = {
	.json = "nattch", .column = "NATTCH", .type = ATTR_UINT, .width_hint = 4,
	.col_flags = COL_RIGHT, .help = "attachments, as the kernel counts them",
};
static const struct attr_def attr_cpid = {
	.json = "cpid", .column = "CPID", .type = ATTR_INT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "pid of the creator",
};
static const struct attr_def attr_cpid_alive = {
	.json = "cpid_alive", .column = "CPID-ALIVE", .type = ATTR_BOOL, .width_hint = 3,
	.help = "whether the creator is still running",
};
static const struct attr_def attr_lpid = {
	.json = "lpid", .column = "LPID", .type = ATTR_INT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "pid of the last shmat() or shmdt()",
};
static const struct attr_def attr_lpid_alive = {
	.json = "lpid_alive", .column = "LPID-ALIVE", .type = ATTR_BOOL, .width_hint = 3,
	.help = "whether that process is still running",
};
static const struct attr_def attr_atime = {
	.json = "atime", .column = "ATIME", .type = ATTR_TIME, .width_hint = 20,
	.help = "last attach, UTC",
};
static const struct attr_def attr_dtime = {
	.json = "dtime", .column = "DTIME", .type = ATTR_TIME, .width_hint = 20,
	.help = "last detach, UTC",
};
static const struct attr_def attr_destroy = {
	.json = "destroy", .column = "DESTROY", .type = ATTR_BOOL, .width_hint = 3,
	.help = "marked for removal, freed at the last detach",
};
static const struct attr_def attr_rss = {
	.json = "rss", .column = "RSS", .type = ATTR_UINT, .width_hint = 8,
	.col_flags = COL_RIGHT, .help = "bytes resident in memory",
	.bytes = true,
};
static const struct attr_def attr_swap = {
	.json = "swap", .column = "SWAP", .type = ATTR_UINT, .width_hint = 8,
	.col_flags = COL_RIGHT, .help = "bytes swapped out",
	.bytes = true,
};

static void add_segment(const struct sysv_ctx *c, const struct shm_row *r)
{
	struct collect_ctx *ctx = c->collect;
	struct ipc_object *obj = sysv_object_new(c, &attr_shmid, &r->perm);

	ipc_object_set_uint(obj, &attr_memory_size, r->size);
	ipc_object_set_uint(obj, &attr_nattch, r->nattch);
	sysv_set_pid(obj, &attr_cpid, &attr_cpid_alive, r->cpid);
	sysv_set_pid(obj, &attr_lpid, &attr_lpid_alive, r->lpid);
	ipc_object_set_time(obj, &attr_atime, r->atime);
	ipc_object_set_time(obj, &attr_dtime, r->dtime);
	ipc_object_set_time(obj, &attr_sysv_ctime, r->ctime);
	ipc_object_set_bool(obj, &attr_destroy, r->perm.mode & SHM_DEST);
	if (r->has_rss) {
		ipc_object_set_uint(obj, &attr_rss, r->rss);
		ipc_object_set_uint(obj, &attr_swap, r->swap);
	}
	/* Attached in this namespace: the same shmid elsewhere is another segment. */
	ipc_object_add_group_holders(obj, ctx->idx,
				     procindex_find(ctx->idx, FD_MAP_SYSV, sysv_ipcns(c), r->perm.id));
	collect_add(ctx, obj);
}

static const char *const shm_columns[] = {
	"key",  "shmid", "perms", "size",  "cpid",  "lpid",  "nattch", "uid",
	"gid",  "cuid",  "cgid",  "atime", "dtime", "ctime", "rss?",   "swap?",
};

static void shm_from_values(const int64_t *v, void *ctx)
{
	struct sysv_ctx *c = ctx;
	struct shm_row r = {
		.perm = { .key = (int32_t)v[0], .id = (uint32_t)v[1], .mode = (unsigned)v[2],
			  .uid = (uint32_t)v[7], .gid = (uint32_t)v[8],
			  .cuid = (uint32_t)v[9], .cgid = (uint32_t)v[10] },
		.size = (uint64_t)v[3], .cpid = v[4], .lpid = v[5], .nattch = (uint64_t)v[6],
		.atime = v[11], .dtime = v[12], .ctime = v[13],
		.has_rss = v[14] != INT64_MIN && v[15] != INT64_MIN,
		.rss = (uint64_t)v[14], .swap = (uint64_t)v[15],
	};
	add_segment(c, &r);
}

/* Without /proc/sysvipc: walk the kernel's id table by index. */
static int shm_from_syscalls(struct sysv_ctx *c)
{
	struct shm_info info;
	int maxidx = shmctl(0, SHM_INFO, (struct shmid_ds *)&info);

	if (maxidx < 0) {
		strvec_pushf(c->collect->warnings, "sysv_shm: cannot list segments%s: %s", c->where,
			     strerror(errno));
		return -1;
	}
	for (int i = 0; i <= maxidx; i++) {
		struct shmid_ds ds;
		int id = shmctl(i, SHM_STAT_ANY, &ds);
		if (id < 0 && errno == EINVAL)
			id = shmctl(i, SHM_STAT, &ds); /* kernels before 4.17; EINVAL: unused slot */
		if (id < 0)
			continue;
		struct shm_row r = {
			.perm = { .key = ds.shm_perm.__key, .id = (uint32_t)id,
				  .mode = ds.shm_perm.mode, .uid = ds.shm_perm.uid,
				  .gid = ds.shm_perm.gid, .cuid = ds.shm_perm.cuid,
				  .cgid = ds.shm_perm.cgid },
			.size = ds.shm_segsz, .nattch = ds.shm_nattch, .cpid = ds.shm_cpid,
			.lpid = ds.shm_lpid, .atime = ds.shm_atime, .dtime = ds.shm_dtime,
			.ctime = ds.shm_ctime,
		};
		add_segment(c, &r);
	}
	return 0;
}

static const struct sysv_source shm_source = {
	.file = "shm", .columns = shm_columns, .ncolumns = ARRAY_SIZE(shm_columns),
	.row = shm_from_values, .fallback = shm_from_syscalls,
};

static int collect_shm(struct collect_ctx *ctx, const struct kind *self)
{
	return sysv_collect(ctx, self, &shm_source);
}

static char *shm_summary(const struct ipc_object *obj)
{
	const struct attr_value *n = ipc_object_attr(obj, &attr_nattch);
	const struct attr_value *d = ipc_object_attr(obj, &attr_destroy);

	return xasprintf("%llu attached%s", (unsigned long long)n->u,
			 d->known && d->b ? ", removed at last detach" : "");
}

/* The kernel counts segments and their pages itself (SHM_INFO). */
static struct maybe_u64 shm_segments(const struct limit_measure *m) { return m->info->shm_segments; }
static struct maybe_u64 shm_pages(const struct limit_measure *m) { return m->info->shm_pages; }

static struct maybe_u64 largest_segment(const struct limit_measure *m)
{
	return limit_largest(m, &attr_memory_size);
}

static struct maybe_u64 ipc_shmmni(const struct ipc_info *i) { return i->shmmni; }
static struct maybe_u64 ipc_shmall(const struct ipc_info *i) { return i->shmall; }
static struct maybe_u64 ipc_shmmax(const struct ipc_info *i) { return i->shmmax; }

static const struct kind_limit shm_limits[] = {
	{ .name = "shmmni", .sysctl = "kernel.shmmni", .what = "shared memory segments",
	  .unit = "segments", .used = shm_segments, .fallback = ipc_shmmni },
	{ .name = "shmall", .sysctl = "kernel.shmall",
	  .what = "pages of shared memory in all segments", .unit = "pages", .used = shm_pages,
	  .fallback = ipc_shmall },
	{ .name = "shmmax", .sysctl = "kernel.shmmax", .what = "bytes of the largest segment",
	  .unit = "bytes", .ceiling = true, .used = largest_segment, .fallback = ipc_shmmax },
};

static const struct attr_def *const shm_attrs[] = {
	&attr_shmid, &attr_sysv_ipcns, &attr_sysv_key, &attr_memory_size, &attr_sysv_cuid, &attr_sysv_cgid, &attr_nattch,
	&attr_cpid, &attr_cpid_alive, &attr_lpid, &attr_lpid_alive, &attr_atime, &attr_dtime,
	&attr_sysv_ctime, &attr_destroy, &attr_rss, &attr_swap,
};

const struct kind kind_sysv_shm = {
	.name = "sysv_shm",
	.help = "SysV shared memory segments and the processes that attach them",
	.fd_classes = FD_CLASS_BIT(FD_MAP_SYSV),
	.index_needs = INDEX_NEED_MAPS,
	.collect = collect_shm,
	.attrs = shm_attrs,
	.nattrs = ARRAY_SIZE(shm_attrs),
	.default_columns = "KIND,ID,KEY,USER,MODE,SIZE,NATTCH,HOLDERS",
	.summary = shm_summary,
	.stale_reason = sysv_shm_stale,
	.remove = sysv_shm_remove,
	.bytes_attr = &attr_memory_size,
	.limits = shm_limits,
	.nlimits = ARRAY_SIZE(shm_limits),
};
