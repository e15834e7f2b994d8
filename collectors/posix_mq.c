/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * POSIX message queues of every IPC namespace: each namespace's queues are
 * those of its mqueue filesystem (mqueue_fs.h), listed where some mount
 * namespace has it on /dev/mqueue, and in any case every queue a process
 * holds open, unlinked ones too.
 */
#include "collect.h"
#include "fdlink.h"
#include "fdpeek.h"
#include "file_place.h"
#include "ipc_object.h"
#include "kernel_limits.h"
#include "kinds.h"
#include "mq_status.h"
#include "mqueue_fs.h"
#include "posix_fields.h"
#include "posix_mq.h"
#include "procindex.h"
#include "selection.h"
#include "snapshot.h"
#include "stale.h"
#include "stale_posix.h"
#include "strvec.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define MQUEUE_DIR "/dev/mqueue"

static const struct attr_def attr_bytes = {
	.json = "bytes", .column = "BYTES", .type = ATTR_UINT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "bytes of message text queued (QSIZE)",
	.bytes = true,
};
static const struct attr_def attr_messages = {
	.json = "messages", .column = "MESSAGES", .type = ATTR_UINT, .width_hint = 4,
	.col_flags = COL_RIGHT, .help = "messages waiting",
};
static const struct attr_def attr_max_messages = {
	.json = "max_messages", .column = "MAXMSG", .type = ATTR_UINT, .width_hint = 4,
	.col_flags = COL_RIGHT, .help = "most messages the queue holds (mq_maxmsg)",
};
static const struct attr_def attr_message_size = {
	.json = "message_size", .column = "MSGSIZE", .type = ATTR_UINT, .width_hint = 5,
	.col_flags = COL_RIGHT, .help = "largest message in bytes (mq_msgsize)",
	.bytes = true,
};
static const struct attr_def attr_notify_pid = {
	.json = "notify_pid", .column = "NOTIFY-PID", .type = ATTR_INT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "pid registered with mq_notify(); null for none",
};
static const struct attr_def attr_ipcns = {
	.json = "ipcns", .column = "IPCNS", .type = ATTR_UINT, .width_hint = 10,
	.col_flags = COL_RIGHT,
	.help = "IPC namespace the object belongs to (the inode of /proc/PID/ns/ipc)",
};

/*
 * Everything about a queue through one descriptor on it: reading the file
 * gives QSIZE and NOTIFY_PID, mq_getattr() the counts.  Neither takes a
 * message or touches a registration; pread() leaves the descriptor's offset
 * alone, which matters when the descriptor is a holder's.  *st: its stat().
 */
static bool describe_queue(struct ipc_object *obj, int fd, struct stat *st)
{
	struct mq_attr attr;
	struct mq_status status;
	char text[256];

	if (fstat(fd, st) != 0)
		return false;
	obj->has_inode = true;
	obj->inode = st->st_ino;
	ipc_object_set_owner(obj, st);
	ssize_t n = pread(fd, text, sizeof(text) - 1, 0);
	if (n >= 0) {
		text[n] = '\0';
		if (mq_status_parse(text, &status) == 0) {
			ipc_object_set_uint(obj, &attr_bytes, status.qsize);
			if (status.notify_pid > 0)
				ipc_object_set_int(obj, &attr_notify_pid, status.notify_pid);
		}
	}
	if (mq_getattr(fd, &attr) == 0) {
		ipc_object_set_uint(obj, &attr_messages, (uint64_t)attr.mq_curmsgs);
		ipc_object_set_uint(obj, &attr_max_messages, (uint64_t)attr.mq_maxmsg);
		ipc_object_set_uint(obj, &attr_message_size, (uint64_t)attr.mq_msgsize);
	}
	return true;
}

bool mqueue_mounted(void)
{
	struct statfs sfs;

	return statfs(MQUEUE_DIR, &sfs) == 0 && sfs.f_type == MQUEUE_MAGIC;
}

const char *mqueue_mount_command(void)
{
	return access(MQUEUE_DIR, F_OK) == 0 ? "mount -t mqueue none " MQUEUE_DIR
					     : "mkdir " MQUEUE_DIR " && mount -t mqueue none " MQUEUE_DIR;
}

/* One run of the collector. */
struct mq_pass {
	struct collect_ctx *ctx;
	const struct kind *self;
	struct mqueue_fs_set fs;
	bool *seen; /* per index group: a directory listed its queue */
	struct fdpeek peek;
};

static bool fs_wanted(const struct mq_pass *p, const struct mqueue_fs *fs)
{
	const struct selection *sel = p->ctx->sel;
	const struct namespace *ns = namespace_find(&p->ctx->idx->ns[NS_IPC], fs->ipcns);

	/* A filesystem whose namespace is unknown may be anyone's: only unfiltered listings show it. */
	if (!ns)
		return !sel->ns_self && !sel->has_ipcns;
	return selection_wants_namespace(sel, ns);
}

/*
 * Its namespace, and an id unique on the machine: the queue's inode in
 * ours, "INODE@IPCNS" elsewhere; not its name again (NAME shows that, and
 * an unlinked queue's name may be another's by now).
 */
static void set_namespace(struct mq_pass *p, struct ipc_object *obj, const struct mqueue_fs *fs,
			  uint64_t ino)
{
	if (!fs->ipcns) {
		obj->id = xasprintf("%llu@mqueue:%u:%u", (unsigned long long)ino, major(fs->dev),
				    minor(fs->dev));
		return;
	}
	ipc_object_set_uint(obj, &attr_ipcns, fs->ipcns);
	obj->id = fs->ipcns == p->ctx->idx->own_ns[NS_IPC]
			  ? xasprintf("%llu", (unsigned long long)ino)
			  : xasprintf("%llu@%llu", (unsigned long long)ino, (unsigned long long)fs->ipcns);
}

/* Where clean finds the queue again, and the device it checks: its mount's directory. */
static struct file_place *place_of(const struct mqueue_fs *fs, const char *file)
{
	const struct file_id dir_id = { true, (uint64_t)fs->dir.st_dev, (uint64_t)fs->dir.st_ino };
	static const struct file_id unknown;

	if (fs->own_mount)
		return file_place_new(MQUEUE_DIR, &dir_id, "", &unknown, file);
	return file_place_in_namespace(&fs->mntns, "dev/mqueue", &dir_id, file);
}

static void add_listed(struct mq_pass *p, const struct mqueue_fs *fs, const struct mqueue_entry *q)
{
	const struct procindex *idx = p->ctx->idx;
	struct ipc_object *obj = ipc_object_new(p->self);
	struct stat st;

	obj->name = xasprintf("/%s", q->file);
	set_namespace(p, obj, fs, q->st.st_ino);
	ipc_object_set_bool(obj, &attr_deleted, false);
	obj->has_inode = true;
	obj->inode = q->st.st_ino;
	ipc_object_set_owner(obj, &q->st);
	/* A queue we may not read still shows its name, owner and holders. */
	int fd = openat(fs->dirfd, q->file, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
	if (fd >= 0) {
		describe_queue(obj, fd, &st);
		close(fd);
	}
	const struct fd_group *g = procindex_find(idx, FD_MQUEUE, q->st.st_dev, q->st.st_ino);
	if (g) {
		p->seen[g - idx->groups] = true;
		ipc_object_add_group_holders(obj, idx, g);
	}
	if (p->ctx->sel->stale) {
		obj->place = place_of(fs, q->file);
		/* The times before our reading set its change time. */
		posix_judge(obj, &q->st, &idx->started);
	}
	collect_add(p->ctx, obj);
}

/*
 * A descriptor to read a held queue through.  Opening it anew through
 * /proc/PID/fd/N gives one open for reading even when the holder's is
 * write-only, and opening a queue has no effect on it.  When the queue's mode
 * forbids that, a copy of the holder's own descriptor still answers
 * mq_getattr().
 */
static int open_held(const struct procindex *idx, const struct fd_entry *e, struct fdpeek *peek)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", procindex_proc_of(idx, e)->pid, e->fd);
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	return fd >= 0 ? fd : fdpeek_dup(peek, procindex_proc_of(idx, e)->pid, e->fd);
}

/* Through the first holder's descriptor that opens: whether its name is unlinked (0 links). */
static bool describe_held(struct mq_pass *p, struct ipc_object *obj, const struct fd_group *g,
			  bool *unlinked)
{
	const struct procindex *idx = p->ctx->idx;
	struct stat st;

	procindex_foreach_in_group(idx, g, e) {
		int fd = open_held(idx, e, &p->peek);
		if (fd < 0)
			continue;
		bool done = describe_queue(obj, fd, &st);
		close(fd);
		if (done) {
			*unlinked = st.st_nlink == 0;
			return true;
		}
	}
	return false;
}

/*
 * A queue known only from its holders: its filesystem is mounted nowhere
 * we looked, or the queue was unlinked while open ("deleted"), or since
 * the directory was read.  An unlinked one's name may be another queue's
 * by now, so its id is its device and inode.
 */
static void add_held(struct mq_pass *p, const struct mqueue_fs *fs, const struct fd_group *g)
{
	const struct procindex *idx = p->ctx->idx;
	const char *link = idx->fds[g->first].path;
	const char *deleted = strstr(link, " (deleted)");
	struct ipc_object *obj = ipc_object_new(p->self);
	bool unlinked = deleted != NULL;

	obj->name = deleted ? xasprintf("%.*s", (int)(deleted - link), link) : xstrdup(link);
	obj->has_inode = true;
	obj->inode = g->ino;
	ipc_object_add_group_holders(obj, idx, g);
	describe_held(p, obj, g, &unlinked);
	set_namespace(p, obj, fs, g->ino);
	ipc_object_set_bool(obj, &attr_deleted, unlinked);
	collect_add(p->ctx, obj);
}

static void collect_fs(struct mq_pass *p, const struct mqueue_fs *fs)
{
	const struct procindex *idx = p->ctx->idx;

	for (size_t i = 0; i < fs->nentries; i++)
		add_listed(p, fs, &fs->entries[i]);
	for (size_t g = 0; g < idx->ngroups; g++)
		if (idx->groups[g].cls == FD_MQUEUE && idx->groups[g].dev == fs->dev && !p->seen[g])
			add_held(p, fs, &idx->groups[g]);
}

/*
 * Where our own namespace's queues were not all listed, why, and how to see
 * them.  No /dev/mqueue is common (containers, minimal systems) and only
 * matters to whoever asks for queues: on stderr when posix_mq was named,
 * else in JSON "warnings" only; read through another mount, nothing is
 * missing, so that is always JSON's alone.
 */
static void warn_own_unlisted(struct mq_pass *p)
{
	const struct procindex *idx = p->ctx->idx;
	const struct mqueue_fs *ours = NULL, *here = NULL;
	uint64_t own = idx->own_ns[NS_IPC];
	struct strvec *notes = p->ctx->notes ? p->ctx->notes : p->ctx->warnings;
	struct strvec *unmounted = p->ctx->sel->kinds_named ? p->ctx->warnings : notes;

	for (size_t i = 0; i < p->fs.n; i++) {
		const struct mqueue_fs *fs = &p->fs.v[i];
		if (fs->own_mount)
			here = fs;
		if (own && fs->ipcns == own && fs->mounted)
			ours = fs;
	}
	if (!p->fs.own_mounted && ours)
		strvec_pushf(notes,
			     "posix_mq: %s is not mounted here; this IPC namespace's queues were read "
			     "through the one of mount namespace %llu",
			     MQUEUE_DIR, (unsigned long long)ours->mntns.inode);
	else if (!p->fs.own_mounted)
		strvec_pushf(unmounted,
			     "posix_mq: %s is not mounted, so of this IPC namespace only the queues "
			     "that a process holds open are listed; to see all: %s",
			     MQUEUE_DIR, mqueue_mount_command());
	else if (here && here->ipcns && here->ipcns != own && own && !ours)
		strvec_pushf(p->ctx->warnings,
			     "posix_mq: %s here is the mqueue filesystem of IPC namespace %llu, not of "
			     "this one (%llu), so of this one only the queues that a process holds "
			     "open are listed; to see all, mount one from inside it: %s",
			     MQUEUE_DIR, (unsigned long long)here->ipcns, (unsigned long long)own,
			     mqueue_mount_command());
}

/* A mount of ours that cannot be read fails the kind; none mounted is the usual case, only noted. */
/*
 * A namespace without a mounted mqueue filesystem of its own was seen only
 * through the queues its processes hold: its count of queues is unknown.
 */
static void note_partial_namespaces(struct mq_pass *p)
{
	const struct namespace_set *set = &p->ctx->idx->ns[NS_IPC];

	for (size_t i = 0; i < set->n; i++) {
		bool listed = false;
		for (size_t k = 0; k < p->fs.n && !listed; k++)
			listed = p->fs.v[k].ipcns == set->v[i].inode && p->fs.v[k].mounted;
		if (!listed)
			collect_partial_namespace(p->ctx, set->v[i].inode);
	}
	if (!set->n && !p->fs.own_mounted)
		collect_partial_namespace(p->ctx, p->ctx->idx->own_ns[NS_IPC]);
}

static int collect_posix_mq(struct collect_ctx *ctx, const struct kind *self)
{
	const struct namespace ours = { .type = NS_IPC, .inode = ctx->idx->own_ns[NS_IPC], .own = true };
	struct mq_pass p = {
		.ctx = ctx,
		.self = self,
		.seen = xcalloc(ctx->idx->ngroups + 1, sizeof(bool)),
		.peek = FDPEEK_INIT,
	};

	mqueue_fs_find(&p.fs, ctx->idx, ctx->sel, ctx->warnings);
	for (size_t i = 0; i < p.fs.n; i++)
		if (fs_wanted(&p, &p.fs.v[i]))
			collect_fs(&p, &p.fs.v[i]);
	if (selection_wants_namespace(ctx->sel, &ours))
		warn_own_unlisted(&p);
	note_partial_namespaces(&p);
	int rc = p.fs.own_unreadable ? -1 : 0;
	mqueue_fs_free(&p.fs);
	fdpeek_release(&p.peek);
	free(p.seen);
	return rc;
}

static char *mq_summary(const struct ipc_object *obj)
{
	const struct attr_value *n = ipc_object_attr(obj, &attr_messages);
	const struct attr_value *max = ipc_object_attr(obj, &attr_max_messages);

	if (!n->known || !max->known)
		return NULL;
	return xasprintf("%llu of %llu messages", (unsigned long long)n->u,
			 (unsigned long long)max->u);
}

static struct maybe_u64 fullest_queue(const struct limit_measure *m)
{
	return limit_largest(m, &attr_messages);
}

static struct maybe_u64 largest_message_size(const struct limit_measure *m)
{
	return limit_largest(m, &attr_message_size);
}

static const struct kind_limit mq_limits[] = {
	{ .name = "mqueue_queues_max", .sysctl = "fs.mqueue.queues_max",
	  .what = "POSIX message queues", .unit = "queues", .used = limit_count },
	{ .name = "mqueue_msg_max", .sysctl = "fs.mqueue.msg_max",
	  .what = "messages waiting in the fullest queue", .unit = "messages",
	  .used = fullest_queue },
	{ .name = "mqueue_msgsize_max", .sysctl = "fs.mqueue.msgsize_max",
	  .what = "the largest message size a queue was made for", .unit = "bytes",
	  .ceiling = true, .used = largest_message_size },
};

static const struct posix_files mq_files = {
	.ctime_is_use = false, .reason = "nobody has it open",
};

static const struct attr_def *const posix_mq_attrs[] = {
	&attr_bytes, &attr_messages, &attr_max_messages, &attr_message_size, &attr_notify_pid,
	&attr_ipcns, &attr_deleted,
};

const struct kind kind_posix_mq = {
	.name = "posix_mq",
	.help = "POSIX message queues",
	.fd_classes = FD_CLASS_BIT(FD_MQUEUE),
	.index_needs = INDEX_NEED_MQUEUE,
	.collect = collect_posix_mq,
	.attrs = posix_mq_attrs,
	.nattrs = ARRAY_SIZE(posix_mq_attrs),
	.default_columns = "KIND,NAME,USER,MODE,MESSAGES,BYTES,MAXMSG,MSGSIZE,HOLDERS",
	.summary = mq_summary,
	.remove = posix_mq_remove,
	.stale_by_holders = true,
	.bytes_attr = &attr_bytes,
	.limits = mq_limits,
	.nlimits = ARRAY_SIZE(mq_limits),
	.posix_files = &mq_files,
};
