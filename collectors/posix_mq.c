/*
 * POSIX message queues: every queue in /dev/mqueue when it is mounted, and
 * in any case every queue a process holds open.
 */
#include "collect.h"
#include "fdlink.h"
#include "fdpeek.h"
#include "ipc_object.h"
#include "kernel_limits.h"
#include "kinds.h"
#include "mq_status.h"
#include "posix_mq.h"
#include "procindex.h"
#include "snapshot.h"
#include "stale.h"
#include "stale_posix.h"
#include "strvec.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#define MQUEUE_DIR "/dev/mqueue"

static const struct attr_def attr_bytes = {
	.json = "bytes", .column = "BYTES", .type = ATTR_UINT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "bytes of message text queued (QSIZE)",
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
};
static const struct attr_def attr_notify_pid = {
	.json = "notify_pid", .column = "NOTIFY-PID", .type = ATTR_INT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "pid registered with mq_notify(); null for none",
};

/*
 * Everything about a queue through one descriptor on it: reading the file
 * gives QSIZE and NOTIFY_PID, mq_getattr() the counts.  Neither takes a
 * message or touches a registration; pread() leaves the descriptor's offset
 * alone, which matters when the descriptor is a holder's.
 */
static bool describe_queue(struct ipc_object *obj, int fd)
{
	struct stat st;
	struct mq_attr attr;
	struct mq_status status;
	char text[256];

	if (fstat(fd, &st) != 0)
		return false;
	obj->has_inode = true;
	obj->inode = st.st_ino;
	ipc_object_set_owner(obj, &st);
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

/* Every queue in the directory; marks the index groups it accounted for.  -1: unreadable. */
static int collect_mounted(struct collect_ctx *ctx, const struct kind *self, bool *seen)
{
	const struct procindex *idx = ctx->idx;
	DIR *dir = opendir(MQUEUE_DIR);
	struct dirent *de;

	if (!dir) {
		strvec_pushf(ctx->warnings, "posix_mq: cannot read %s: %s", MQUEUE_DIR,
			     strerror(errno));
		return -1;
	}
	while ((de = readdir(dir))) {
		struct stat st;
		if (de->d_name[0] == '.' ||
		    fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;

		struct ipc_object *obj = ipc_object_new(self);
		obj->name = xasprintf("/%s", de->d_name);
		obj->id = xstrdup(obj->name);
		obj->has_inode = true;
		obj->inode = st.st_ino;
		ipc_object_set_owner(obj, &st);
		/* A queue we may not read still shows its name, owner and holders. */
		int fd = openat(dirfd(dir), de->d_name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd >= 0) {
			describe_queue(obj, fd);
			close(fd);
		}
		const struct fd_group *g = procindex_find(idx, FD_MQUEUE, st.st_dev, st.st_ino);
		if (g) {
			seen[g - idx->groups] = true;
			ipc_object_add_group_holders(obj, idx, g);
		}
		collect_add(ctx, obj);
	}
	closedir(dir);
	return 0;
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

/* A queue known only from its holders. */
static void collect_held(struct collect_ctx *ctx, const struct kind *self,
			 const struct fd_group *g, struct fdpeek *peek)
{
	const struct procindex *idx = ctx->idx;
	const char *link = idx->fds[g->first].path;
	const char *deleted = strstr(link, " (deleted)");
	struct ipc_object *obj = ipc_object_new(self);

	obj->name = deleted ? xasprintf("%.*s", (int)(deleted - link), link) : xstrdup(link);
	obj->id = xstrdup(obj->name);
	obj->has_inode = true;
	obj->inode = g->ino;
	ipc_object_add_group_holders(obj, idx, g);
	procindex_foreach_in_group(idx, g, e) {
		int fd = open_held(idx, e, peek);
		if (fd < 0)
			continue;
		bool done = describe_queue(obj, fd);
		close(fd);
		if (done)
			break;
	}
	collect_add(ctx, obj);
}

/* A mount that cannot be read fails the kind; none mounted is the usual case, only noted. */
static int collect_posix_mq(struct collect_ctx *ctx, const struct kind *self)
{
	const struct procindex *idx = ctx->idx;
	bool *seen = xcalloc(idx->ngroups + 1, sizeof(*seen));
	struct fdpeek peek = FDPEEK_INIT;
	int rc = 0;

	if (mqueue_mounted())
		rc = collect_mounted(ctx, self, seen);
	else
		strvec_pushf(ctx->warnings,
			     "posix_mq: %s is not mounted, so only queues that a process holds open "
			     "are listed; to see all: %s",
			     MQUEUE_DIR, mqueue_mount_command());
	/* Held queues the directory did not show: it is unmounted, or mounted for
	 * another IPC namespace, or the queue was unlinked while open. */
	for (size_t g = 0; g < idx->ngroups; g++)
		if (idx->groups[g].cls == FD_MQUEUE && !seen[g])
			collect_held(ctx, self, &idx->groups[g], &peek);
	fdpeek_release(&peek);
	free(seen);
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

static struct maybe_u64 queues(const struct limit_measure *m)
{
	/* Unmounted, only the queues a process holds open are seen: a count too low. */
	if (!mqueue_mounted())
		return (struct maybe_u64){ 0 };
	return limit_count(m);
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
	  .what = "POSIX message queues", .unit = "queues", .used = queues },
	{ .name = "mqueue_msg_max", .sysctl = "fs.mqueue.msg_max",
	  .what = "messages waiting in the fullest queue", .unit = "messages",
	  .used = fullest_queue },
	{ .name = "mqueue_msgsize_max", .sysctl = "fs.mqueue.msgsize_max",
	  .what = "the largest message size a queue was made for", .unit = "bytes",
	  .ceiling = true, .used = largest_message_size },
};

static const struct posix_files mq_files = {
	.dir = MQUEUE_DIR, .prefix = "", .ctime_is_use = false, .reason = "nobody has it open",
};

static const struct attr_def *const posix_mq_attrs[] = {
	&attr_bytes, &attr_messages, &attr_max_messages, &attr_message_size, &attr_notify_pid,
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
	.stale_reason = posix_stale,
	.remove = posix_remove,
	.stale_by_holders = true,
	.bytes_attr = &attr_bytes,
	.limits = mq_limits,
	.nlimits = ARRAY_SIZE(mq_limits),
	.posix_files = &mq_files,
};
