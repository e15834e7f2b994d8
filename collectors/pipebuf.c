/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pipebuf.h"
#include "collect.h"
#include "fdpeek.h"
#include "human_size.h"
#include "kernel_limits.h"
#include "procindex.h"
#include "snapshot.h"
#include "util.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

const struct attr_def attr_queued = {
	.json = "queued",
	.column = "QUEUED",
	.help = "bytes waiting in the pipe buffer",
	.bytes = true,
	.type = ATTR_UINT,
	.width_hint = 6,
	.col_flags = COL_RIGHT,
};

const struct attr_def attr_capacity = {
	.json = "capacity",
	.column = "CAPACITY",
	.help = "size of the pipe buffer in bytes",
	.bytes = true,
	.type = ATTR_UINT,
	.width_hint = 8,
	.col_flags = COL_RIGHT,
};

static void probe(struct ipc_object *obj, const struct procindex *idx,
		   const struct fd_group *group, struct fdpeek *peek)
{
	struct stat st;

	procindex_foreach_in_group(idx, group, e) {
		int copy = fdpeek_dup(peek, procindex_proc_of(idx, e)->pid, e->fd);
		if (copy < 0)
			continue;
		/* An O_PATH holder duplicates fine but answers neither call: try the next. */
		int queued = 0, size = -1;
		bool readable = ioctl(copy, FIONREAD, &queued) == 0 && queued >= 0 &&
				(size = fcntl(copy, F_GETPIPE_SZ)) >= 0;
		if (readable && fstat(copy, &st) == 0)
			ipc_object_set_owner(obj, &st);
		close(copy);
		if (!readable)
			continue;
		ipc_object_set_uint(obj, &attr_queued, (uint64_t)queued);
		ipc_object_set_uint(obj, &attr_capacity, (uint64_t)size);
		return;
	}
	procindex_foreach_in_group(idx, group, e) {
		if (!obj->has_uid && procindex_stat_fd(idx, e, &st) == 0) {
			ipc_object_set_owner(obj, &st);
			return;
		}
	}
}

char *pipe_buffer_summary(const struct ipc_object *obj)
{
	const struct attr_value *q = ipc_object_attr(obj, &attr_queued);
	const struct attr_value *cap = ipc_object_attr(obj, &attr_capacity);

	if (!q->known || !cap->known)
		return NULL;
	char *queued = size_cell(q->u), *of = size_words(cap->u);
	char *text = xasprintf("%s of %s queued", queued, of);
	free(queued);
	free(of);
	return text;
}

/*
 * The kernel counts pipe buffer pages per user and, past the soft limit,
 * gives that user's new pipes a single page.  It charges the user who made
 * the pipe; the owner of the pipe's inode stands for that user here.  Every
 * object with a pipe buffer counts, anonymous pipes and FIFOs alike.
 */
struct maybe_u64 pipe_pages_of_top_user(const struct limit_measure *m)
{
	const struct snapshot *snap = m->snap;
	long page = sysconf(_SC_PAGESIZE);
	struct { uid_t uid; uint64_t pages; } *users = xcalloc(snap->nobjects, sizeof(*users));
	size_t nusers = 0;
	uint64_t most = 0;

	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct ipc_object *obj = snap->objects[i];
		const struct attr_value *cap = ipc_object_attr(obj, &attr_capacity);
		if (!cap || !cap->known || !obj->has_uid)
			continue;
		size_t u = 0;
		while (u < nusers && users[u].uid != obj->uid)
			u++;
		if (u == nusers)
			users[nusers++].uid = obj->uid;
		users[u].pages += cap->u / (uint64_t)page;
		if (users[u].pages > most)
			most = users[u].pages;
	}
	free(users);
	return maybe_known(most);
}

void collect_pipe_buffers(struct collect_ctx *ctx, const struct kind *kind, enum fd_class cls,
			  void (*describe)(struct ipc_object *obj, const struct procindex *idx,
					   const struct fd_group *group))
{
	const struct procindex *idx = ctx->idx;
	struct fdpeek peek = FDPEEK_INIT;

	for (size_t g = 0; g < idx->ngroups; g++) {
		const struct fd_group *group = &idx->groups[g];
		if (group->cls != cls)
			continue;
		struct ipc_object *obj = ipc_object_new(kind);
		obj->has_inode = true;
		obj->inode = group->ino;
		ipc_object_add_group_holders(obj, idx, group);
		describe(obj, idx, group);
		probe(obj, idx, group, &peek);
		collect_add(ctx, obj);
	}
	fdpeek_release(&peek);
}
