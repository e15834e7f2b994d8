/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SysV message queues: what waits in them and who last sent and received. */
#include "blocked_threads.h"
#include "collect.h"
#include "human_size.h"
#include "ipc_object.h"
#include "kernel_limits.h"
#include "kinds.h"
#include "selection.h"
#include "snapshot.h"
#include "stale_sysv.h"
#include "strvec.h"
#include "sysv_common.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>

struct msg_row {
	struct sysv_perm perm;
	uint64_t bytes, messages;
	bool has_qbytes;
	uint64_t qbytes;
	int64_t lspid, lrpid, stime, rtime, ctime;
};

static const struct attr_def attr_msqid = {
	.json = "msqid", .column = "MSQID", .type = ATTR_UINT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "queue id, as msgsnd() takes it",
};
static const struct attr_def attr_messages = {
	.json = "messages", .column = "MESSAGES", .type = ATTR_UINT, .width_hint = 4,
	.col_flags = COL_RIGHT, .help = "messages waiting",
};
static const struct attr_def attr_bytes = {
	.json = "bytes", .column = "BYTES", .type = ATTR_UINT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "bytes of message text waiting",
	.bytes = true,
};
static const struct attr_def attr_qbytes = {
	.json = "qbytes", .column = "QBYTES", .type = ATTR_UINT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "most bytes the queue holds before senders block",
	.bytes = true,
};
static const struct attr_def attr_lspid = {
	.json = "lspid", .column = "LSPID", .type = ATTR_INT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "pid of the last msgsnd()",
};
static const struct attr_def attr_lspid_alive = {
	.json = "lspid_alive", .column = "LSPID-ALIVE", .type = ATTR_BOOL, .width_hint = 3,
	.help = "whether the last sender is still running",
};
static const struct attr_def attr_lrpid = {
	.json = "lrpid", .column = "LRPID", .type = ATTR_INT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "pid of the last msgrcv()",
};
static const struct attr_def attr_lrpid_alive = {
	.json = "lrpid_alive", .column = "LRPID-ALIVE", .type = ATTR_BOOL, .width_hint = 3,
	.help = "whether the last receiver is still running",
};
static const struct attr_def attr_stime = {
	.json = "stime", .column = "STIME", .type = ATTR_TIME, .width_hint = 20,
	.help = "last send, UTC",
};
static const struct attr_def attr_rtime = {
	.json = "rtime", .column = "RTIME", .type = ATTR_TIME, .width_hint = 20,
	.help = "last receive, UTC",
};

static const struct attr_def attr_waiting = {
	.json = "waiting", .column = "WAITING", .type = ATTR_UINT, .width_hint = 3,
	.col_flags = COL_RIGHT,
	.help = "threads blocked in msgrcv() or msgsnd() on the queue (read with --stale)",
};

static void add_queue(const struct sysv_ctx *c, const struct msg_row *r)
{
	struct collect_ctx *ctx = c->collect;
	struct ipc_object *obj = sysv_object_new(c, &attr_msqid, &r->perm);
	long waiting = ctx->blocked ? blocked_threads_on_queue(ctx->blocked, sysv_ipcns(c),
							       (int)r->perm.id)
				    : -1;

	ipc_object_set_uint(obj, &attr_messages, r->messages);
	ipc_object_set_uint(obj, &attr_bytes, r->bytes);
	if (r->has_qbytes)
		ipc_object_set_uint(obj, &attr_qbytes, r->qbytes);
	sysv_set_pid(obj, &attr_lspid, &attr_lspid_alive, r->lspid);
	sysv_set_pid(obj, &attr_lrpid, &attr_lrpid_alive, r->lrpid);
	ipc_object_set_time(obj, &attr_stime, r->stime);
	ipc_object_set_time(obj, &attr_rtime, r->rtime);
	ipc_object_set_time(obj, &attr_sysv_ctime, r->ctime);
	if (waiting >= 0)
		ipc_object_set_uint(obj, &attr_waiting, (uint64_t)waiting);
	collect_add(ctx, obj);
}

static const char *const msg_columns[] = {
	"key", "msqid", "perms", "cbytes", "qnum",  "lspid", "lrpid",
	"uid", "gid",   "cuid",  "cgid",   "stime", "rtime", "ctime",
};

static void msg_from_values(const int64_t *v, void *ctx)
{
	struct sysv_ctx *c = ctx;
	struct msg_row r = {
		.perm = { .key = (int32_t)v[0], .id = (uint32_t)v[1], .mode = (unsigned)v[2],
			  .uid = (uint32_t)v[7], .gid = (uint32_t)v[8],
			  .cuid = (uint32_t)v[9], .cgid = (uint32_t)v[10] },
		.bytes = (uint64_t)v[3], .messages = (uint64_t)v[4], .lspid = v[5], .lrpid = v[6],
		.stime = v[11], .rtime = v[12], .ctime = v[13],
	};
	/* The limit is not in /proc; IPC_STAT reads it without touching a message. */
	struct msqid_ds ds;
	if (msgctl((int)r.perm.id, IPC_STAT, &ds) == 0) {
		r.has_qbytes = true;
		r.qbytes = ds.msg_qbytes;
	}
	add_queue(c, &r);
}

/* Without /proc/sysvipc: walk the kernel's id table by index. */
static int msg_from_syscalls(struct sysv_ctx *c)
{
	struct msginfo info;
	int maxidx = msgctl(0, MSG_INFO, (struct msqid_ds *)&info);

	if (maxidx < 0) {
		strvec_pushf(c->collect->warnings, "sysv_msg: cannot list queues%s: %s", c->where,
			     strerror(errno));
		return -1;
	}
	for (int i = 0; i <= maxidx; i++) {
		struct msqid_ds ds;
		int id = msgctl(i, MSG_STAT_ANY, &ds);
		if (id < 0 && errno == EINVAL)
			id = msgctl(i, MSG_STAT, &ds); /* kernels before 4.17; EINVAL: unused slot */
		if (id < 0)
			continue;
		struct msg_row r = {
			.perm = { .key = ds.msg_perm.__key, .id = (uint32_t)id,
				  .mode = ds.msg_perm.mode, .uid = ds.msg_perm.uid,
				  .gid = ds.msg_perm.gid, .cuid = ds.msg_perm.cuid,
				  .cgid = ds.msg_perm.cgid },
			.bytes = ds.__msg_cbytes, .messages = ds.msg_qnum, .has_qbytes = true,
			.qbytes = ds.msg_qbytes, .lspid = ds.msg_lspid, .lrpid = ds.msg_lrpid,
			.stime = ds.msg_stime, .rtime = ds.msg_rtime, .ctime = ds.msg_ctime,
		};
		add_queue(c, &r);
	}
	return 0;
}

/* Who waits is read only when staleness is judged: a pass over every thread. */
static int prepare_msg(struct prepare_ctx *ctx, const struct kind *self)
{
	(void)self;
	ctx->want_blocked_threads = true;
	return 0;
}

static const struct sysv_source msg_source = {
	.file = "msg", .columns = msg_columns, .ncolumns = ARRAY_SIZE(msg_columns),
	.row = msg_from_values, .fallback = msg_from_syscalls,
};

static int collect_msg(struct collect_ctx *ctx, const struct kind *self)
{
	return sysv_collect(ctx, self, &msg_source);
}

static char *msg_summary(const struct ipc_object *obj)
{
	char *bytes = size_words(ipc_object_attr(obj, &attr_bytes)->u);
	char *text = xasprintf("%llu messages, %s",
			       (unsigned long long)ipc_object_attr(obj, &attr_messages)->u, bytes);
	free(bytes);
	return text;
}

/* The kernel counts the queues itself (MSG_INFO). */
static struct maybe_u64 msg_queues(const struct limit_measure *m) { return m->info->msg_queues; }

static struct maybe_u64 fullest_queue(const struct limit_measure *m)
{
	return limit_largest(m, &attr_bytes);
}

static struct maybe_u64 ipc_msgmni(const struct ipc_info *i) { return i->msgmni; }
static struct maybe_u64 ipc_msgmnb(const struct ipc_info *i) { return i->msgmnb; }

static const struct kind_limit msg_limits[] = {
	{ .name = "msgmni", .sysctl = "kernel.msgmni", .what = "message queues", .unit = "queues",
	  .used = msg_queues, .fallback = ipc_msgmni },
	{ .name = "msgmnb", .sysctl = "kernel.msgmnb",
	  .what = "bytes waiting in the fullest queue (the limit is a new queue's capacity)",
	  .unit = "bytes", .used = fullest_queue, .fallback = ipc_msgmnb },
};

static const struct attr_def *const msg_attrs[] = {
	&attr_msqid, &attr_sysv_ipcns, &attr_sysv_key, &attr_sysv_cuid, &attr_sysv_cgid, &attr_messages,
	&attr_bytes, &attr_qbytes, &attr_lspid, &attr_lspid_alive, &attr_lrpid, &attr_lrpid_alive,
	&attr_stime, &attr_rtime, &attr_sysv_ctime, &attr_waiting,
};

const struct kind kind_sysv_msg = {
	.name = "sysv_msg",
	.help = "SysV message queues",
	.collect = collect_msg,
	.attrs = msg_attrs,
	.nattrs = ARRAY_SIZE(msg_attrs),
	.default_columns = "KIND,ID,KEY,USER,MODE,MESSAGES,BYTES,QBYTES,LSPID,LRPID",
	.summary = msg_summary,
	.prepare = prepare_msg,
	.stale_reason = sysv_msg_stale,
	.remove = sysv_msg_remove,
	.bytes_attr = &attr_bytes,
	.limits = msg_limits,
	.nlimits = ARRAY_SIZE(msg_limits),
};
