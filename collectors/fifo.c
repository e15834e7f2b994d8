/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FIFOs (named pipes) that some process holds open, grouped by device and inode. */
#include "blocked_threads.h"
#include "collect.h"
#include "ipc_object.h"
#include "kinds.h"
#include "pipebuf.h"
#include "procindex.h"
#include "selection.h"
#include "snapshot.h"
#include "stale.h"
#include "strvec.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

static const struct attr_def attr_dev = {
	.json = "dev",
	.column = "DEV",
	.help = "device of the filesystem holding the FIFO, MAJ:MIN",
	.type = ATTR_STR,
	.width_hint = 6,
};

static void describe_fifo(struct ipc_object *obj, const struct procindex *idx,
			  const struct fd_group *group)
{
	char dev[32];

	snprintf(dev, sizeof(dev), "%u:%u", major(group->dev), minor(group->dev));
	/* A FIFO's inode number is unique only within its filesystem. */
	obj->id = xasprintf("%s:%llu", dev, (unsigned long long)group->ino);
	const char *path = idx->fds[group->first].path;
	obj->name = path ? xstrdup(path) : NULL; /* NULL: longer than PATH_MAX */
	ipc_object_set_str(obj, &attr_dev, dev);
}

struct unheld_fifos {
	struct collect_ctx *ctx;
	const struct kind *self;
	const struct blocked_threads *blocked;
	const struct fifo_opener *doubt; /* a thread that may be opening any of them */
	bool warned;
	char *reason; /* why one that nobody has open is stale */
};

/*
 * A FIFO on disk that no process has a descriptor on.  A thread blocked in
 * open() on it, waiting for the other end, uses it all the same: it is a
 * holder without a descriptor, and the FIFO is not stale.
 */
static void found_fifo(const struct found_file *f, void *arg)
{
	struct unheld_fifos *u = arg;
	const struct stat *st = f->st;
	char dev[32];

	if (procindex_find(u->ctx->idx, FD_FIFO, st->st_dev, st->st_ino))
		return; /* listed already, with its holders */
	if (u->doubt) {
		if (!u->warned) {
			char *why = fifo_opener_describe(u->doubt);
			strvec_pushf(u->ctx->warnings,
				     "FIFOs that nobody has open are not called stale: %s", why);
			free(why);
			u->warned = true;
		}
		return;
	}
	struct ipc_object *obj = stale_file_object(u->self, f, NULL);
	for (size_t i = 0; u->blocked && i < u->blocked->nopeners; i++) {
		const struct fifo_opener *o = &u->blocked->openers[i];
		if (o->state == OPENER_FOUND && o->dev == (uint64_t)st->st_dev &&
		    o->ino == (uint64_t)st->st_ino)
			ipc_object_add_holder(obj, &o->proc, -1, o->access, VIA_OPEN);
	}
	if (!obj->nholders)
		ipc_object_mark_stale(obj, xstrdup(u->reason), true, stale_last_activity(st));
	snprintf(dev, sizeof(dev), "%u:%u", major(st->st_dev), minor(st->st_dev));
	ipc_object_set_str(obj, &attr_dev, dev);
	collect_add(u->ctx, obj);
}

/* Say what was seen: a process that could not be read may have it open. */
static char *unheld_reason(const struct procindex *idx)
{
	if (!idx->nunreadable)
		return xstrdup("no process has it open");
	return xasprintf("no process that could be read has it open (%zu could not be)",
			 idx->nunreadable);
}

static int collect_fifos(struct collect_ctx *ctx, const struct kind *self)
{
	collect_pipe_buffers(ctx, self, FD_FIFO, describe_fifo);
	if (ctx->sel->stale) {
		struct unheld_fifos u = { ctx, self, ctx->blocked, NULL, false,
					  unheld_reason(ctx->idx) };
		if (u.blocked)
			u.doubt = blocked_threads_fifo_doubt(u.blocked, ctx->idx);
		stale_scan_paths(ctx, S_IFIFO, found_fifo, &u);
		free(u.reason);
	}
	return 0;
}

/* Threads blocked opening a FIFO are found where staleness is judged. */
static int prepare_fifos(struct prepare_ctx *ctx, const struct kind *self)
{
	(void)self;
	ctx->want_blocked_threads = true;
	return 0;
}

/*
 * A thread blocked opening a FIFO holds no descriptor for a snapshot to
 * show, and may have started to wait since the fresh one: look once more,
 * at the very file about to go.
 */
static int fifo_not_being_opened(int pathfd, void *arg, char **why)
{
	const struct snapshot *fresh = arg;
	struct stat st;

	if (fstat(pathfd, &st) < 0)
		return STALE_FAILED;
	return fifo_has_blocked_opener(&fresh->index, (uint64_t)st.st_dev, (uint64_t)st.st_ino, why)
		       ? STALE_SKIPPED
		       : 0;
}

static int remove_fifo(const struct snapshot *fresh, const struct ipc_object *obj, char **why)
{
	return path_remove(fresh, obj, S_IFIFO, fifo_not_being_opened, why);
}

static const struct attr_def *const fifo_attrs[] = { &attr_dev, &attr_queued, &attr_capacity };

const struct kind kind_fifo = {
	.name = "fifo",
	.help = "FIFOs (named pipes) held open by a process",
	.fd_classes = FD_CLASS_BIT(FD_FIFO),
	.index_needs = INDEX_NEED_PATH_STAT,
	.prepare = prepare_fifos,
	.collect = collect_fifos,
	.attrs = fifo_attrs,
	.nattrs = ARRAY_SIZE(fifo_attrs),
	.default_columns = "KIND,ID,NAME,USER,MODE,QUEUED,CAPACITY,HOLDERS",
	.summary = pipe_buffer_summary,
	.remove = remove_fifo,
	.stale_by_holders = true,
	.bytes_attr = &attr_queued,
};
