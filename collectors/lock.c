/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File locks: every line of /proc/locks, with the processes that hold each
 * lock, the requests it blocks, and the deadlocks among them.
 */
#include "lock.h"
#include "collect.h"
#include "ipc_object.h"
#include "kinds.h"
#include "lock_graph.h"
#include "lock_identity.h"
#include "lock_table.h"
#include "procindex.h"
#include "selection.h"
#include "snapshot.h"
#include "strvec.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

static const struct attr_def attr_type = {
	.json = "type", .column = "TYPE", .type = ATTR_STR, .width_hint = 5,
	.help = "flock, posix, ofd, lease or delegation",
};
static const struct attr_def attr_lock_mode = {
	.json = "lock_mode", .column = "LOCK-MODE", .type = ATTR_STR, .width_hint = 5,
	.help = "read or write (none: a lease being broken to nothing)",
};
static const struct attr_def attr_mandatory = {
	.json = "mandatory", .column = "MANDATORY", .type = ATTR_BOOL, .width_hint = 3,
	.help = "a mandatory lock (gone from Linux 5.15 on)",
};
static const struct attr_def attr_start = {
	.json = "start", .column = "START", .type = ATTR_UINT, .width_hint = 5,
	.col_flags = COL_RIGHT, .help = "first byte locked",
};
static const struct attr_def attr_end = {
	.json = "end", .column = "END", .type = ATTR_UINT, .width_hint = 5,
	.col_flags = COL_RIGHT, .help = "last byte locked; - (null): to the end of the file",
};
static const struct attr_def attr_dev = {
	.json = "dev", .column = "DEV", .type = ATTR_STR, .width_hint = 6,
	.help = "device of the locked file, MAJ:MIN",
};
static const struct attr_def attr_pid = {
	.json = "pid", .column = "PID", .type = ATTR_INT, .width_hint = 6, .col_flags = COL_RIGHT,
	.help = "the pid /proc/locks gives (null for OFD locks, which no process owns)",
};
static const struct attr_def attr_lease_state = {
	.json = "lease_state", .column = "LEASE", .type = ATTR_STR, .width_hint = 6,
	.help = "for a lease: active, breaking or breaker",
};
static const struct attr_def attr_blocked = {
	.json = "blocked", .column = "BLOCKED", .type = ATTR_BOOL, .width_hint = 3,
	.help = "a request blocked until another lock is released",
};
static const struct attr_def attr_blocked_by = {
	.json = "blocked_by", .column = "BLOCKED-BY", .type = ATTR_STR, .width_hint = 5,
	.help = "for a blocked request, the ID of the lock it waits for",
};
static const struct attr_def attr_waiters = {
	.json = "waiters", .column = "WAITERS", .type = ATTR_WAITERS, .width_hint = 20,
	.col_flags = COL_WRAP, .help = "requests blocked by the lock: PID/COMMAND[MODE START-END]",
};
static const struct attr_def attr_deadlock = {
	.json = "deadlock", .column = "DEADLOCK", .type = ATTR_BOOL, .width_hint = 3,
	.help = "part of a cycle of processes each waiting for the next",
};

/* What a descriptor on a locked file says about its open file description's locks. */
struct fd_locks {
	const struct fd_entry *e;
	struct lock_line *lines;
	size_t n;
};

struct collect {
	struct collect_ctx *ctx;
	const struct lock_table *t;
	struct fd_locks *fds;
	size_t nfds;
};

static void free_table(void *data)
{
	lock_table_free(data);
	free(data);
}

/* /proc/locks is read here, before the walk, to tell the index which files to keep. */
static int prepare_locks(struct prepare_ctx *ctx, const struct kind *self)
{
	struct lock_table *t = xcalloc(1, sizeof(*t));
	FILE *f = fopen("/proc/locks", "re");

	(void)self;
	ctx->my_data = t;
	if (!f) {
		/* Not fatal to the snapshot: collect_locks fails the kind alone. */
		t->read_error = errno;
		strvec_pushf(ctx->warnings, "lock: cannot read /proc/locks: %s", strerror(errno));
		return 0;
	}
	lock_table_read(f, t);
	fclose(f);
	if (t->malformed)
		strvec_pushf(ctx->warnings, "/proc/locks: %zu malformed line%s left out",
			     t->malformed, t->malformed == 1 ? "" : "s");
	/* The index keeps only descriptors on these files, and fdinfo is read for those alone. */
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].line.has_file)
			file_set_add(&ctx->req->files,
				     makedev(t->v[i].line.major, t->v[i].line.minor),
				     t->v[i].line.inode);
	return 0;
}

static void read_fd_locks(struct collect *c)
{
	const struct procindex *idx = c->ctx->idx;
	size_t malformed = 0;

	for (size_t i = 0; i < idx->nfds; i++) {
		const struct fd_entry *e = &idx->fds[i];
		char path[64];
		if (e->cls != FD_FILE)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", procindex_proc_of(idx, e)->pid,
			 e->fd);
		FILE *f = fopen(path, "re");
		if (!f)
			continue; /* closed, or the process ended, since the walk */
		c->fds = xreallocarray(c->fds, c->nfds + 1, sizeof(*c->fds));
		c->fds[c->nfds] = (struct fd_locks){ .e = e };
		c->fds[c->nfds].lines = fdinfo_locks(f, &c->fds[c->nfds].n, &malformed);
		c->nfds++;
		fclose(f);
	}
	if (malformed)
		strvec_pushf(c->ctx->warnings, "fdinfo: %zu malformed lock line%s left out",
			     malformed, malformed == 1 ? "" : "s");
}

static const struct fd_group *file_group(const struct collect *c, const struct lock_line *l)
{
	return l->has_file ? procindex_find(c->ctx->idx, FD_FILE, makedev(l->major, l->minor),
					    l->inode)
			   : NULL;
}

static unsigned mode_access(enum lock_mode mode)
{
	return mode == LOCK_MODE_WRITE ? ACCESS_WRITE : ACCESS_READ;
}

/* The process by pid, from the index; NULL when it is not there (gone, another namespace). */
static const struct proc_info *proc_by_pid(const struct procindex *idx, int pid)
{
	for (size_t i = 0; i < idx->nprocs; i++)
		if (idx->procs[i].pid == pid)
			return &idx->procs[i];
	return NULL;
}

/* A lock held by `pid` without a descriptor we could see: the pid alone. */
static void add_pid_holder(struct ipc_object *obj, const struct procindex *idx, int pid,
			   enum lock_mode mode)
{
	const struct proc_info *p = proc_by_pid(idx, pid);
	if (p)
		ipc_object_add_holder(obj, p, -1, mode_access(mode), VIA_LOCK);
}

/*
 * A POSIX lock belongs to a process: its holders are that process's
 * descriptors on the file.  A flock, OFD lock or lease belongs to an open
 * file description: its holders are every descriptor whose fdinfo lists it,
 * in whichever processes share that description.
 */
static void add_lock_holders(struct ipc_object *obj, const struct collect *c,
			     const struct lock_line *l)
{
	const struct procindex *idx = c->ctx->idx;

	if (l->type == LOCK_TYPE_POSIX) {
		const struct fd_group *g = file_group(c, l);
		if (g)
			procindex_foreach_in_group(idx, g, e)
				if (procindex_proc_of(idx, e)->pid == l->pid)
					ipc_object_add_holder(obj, procindex_proc_of(idx, e), e->fd,
							      e->access, VIA_FD);
	} else {
		for (size_t i = 0; i < c->nfds; i++)
			for (size_t k = 0; k < c->fds[i].n; k++)
				if (lock_line_same(&c->fds[i].lines[k], l)) {
					const struct fd_entry *e = c->fds[i].e;
					ipc_object_add_holder(obj, procindex_proc_of(idx, e), e->fd,
							      e->access, VIA_FD);
					break;
				}
	}
	if (!obj->nholders && l->has_pid)
		add_pid_holder(obj, idx, l->pid, l->mode);
}

/* Which syscall the process is blocked in, from /proc/PID/syscall: "NR ARG0 ARG1 ...". */
static bool blocked_in(int pid, long *nr, unsigned long long *arg0, unsigned long long *arg1)
{
	char path[48];
	FILE *f;
	int got;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	if (!(f = fopen(path, "re")))
		return false;
	got = fscanf(f, "%ld %llx %llx", nr, arg0, arg1);
	fclose(f);
	return got == 3;
}

/* Whether descriptor e is the one its process is blocked on for a request of this type. */
static bool waiting_through(const struct procindex *idx, const struct fd_entry *e,
			    enum lock_type type)
{
	long nr;
	unsigned long long fd, cmd;

	if (!blocked_in(procindex_proc_of(idx, e)->pid, &nr, &fd, &cmd) || fd != (unsigned)e->fd)
		return false;
	if (type == LOCK_TYPE_FLOCK)
		return nr == SYS_flock;
	if (nr != SYS_fcntl)
		return false;
	return type == LOCK_TYPE_OFD ? cmd == F_OFD_SETLKW : cmd == F_SETLKW;
}

/*
 * The process behind a blocked request.  /proc/locks gives the pid of a
 * flock or POSIX request; an OFD request shows -1, so its process is found
 * among those with the file open, by what it is blocked in.  The
 * descriptor it waits through is found the same way, where it can be.
 */
static void add_request_holder(struct ipc_object *obj, const struct collect *c,
			       const struct lock_line *l, bool *claimed)
{
	const struct procindex *idx = c->ctx->idx;
	const struct fd_group *g = file_group(c, l);

	if (g) {
		procindex_foreach_in_group(idx, g, e) {
			size_t at = (size_t)(e - idx->fds);
			if (claimed[at] || (l->has_pid && procindex_proc_of(idx, e)->pid != l->pid) ||
			    !waiting_through(idx, e, l->type))
				continue;
			claimed[at] = true;
			ipc_object_add_holder(obj, procindex_proc_of(idx, e), e->fd, e->access,
					      VIA_FD);
			return;
		}
	}
	if (l->has_pid)
		add_pid_holder(obj, idx, l->pid, l->mode);
}

/* The locked file's path from any descriptor on it; else its mount point and "…". */
static char *file_name(const struct collect *c, const struct lock_line *l)
{
	const struct fd_group *g = file_group(c, l);
	char *line = NULL, *name = NULL;
	size_t cap = 0;

	/* A path longer than PATH_MAX is not known: then its mount point, as below. */
	if (g && c->ctx->idx->fds[g->first].path)
		return xstrdup(c->ctx->idx->fds[g->first].path);
	if (!l->has_file)
		return NULL;
	/* Never a search of the filesystem for the inode: that could take minutes. */
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return NULL;
	while (!name && getline(&line, &cap, f) >= 0) {
		unsigned major, minor;
		char mnt[4096];
		if (sscanf(line, "%*u %*u %u:%u %*s %4095s", &major, &minor, mnt) == 3 &&
		    major == l->major && minor == l->minor)
			name = xasprintf("%s%s…", mnt, strcmp(mnt, "/") == 0 ? "" : "/");
	}
	free(line);
	fclose(f);
	return name;
}

static struct ipc_object *lock_object(const struct kind *self, const struct collect *c,
				      const struct lock_entry *le)
{
	const struct lock_line *l = &le->line;
	struct ipc_object *obj = ipc_object_new(self);
	char dev[32];

	obj->id = le->line.depth ? xasprintf("%llu->%u", (unsigned long long)l->id, le->seq)
				 : xasprintf("%llu", (unsigned long long)l->id);
	obj->name = file_name(c, l);
	if (l->has_file) {
		obj->has_inode = true;
		obj->inode = l->inode;
		snprintf(dev, sizeof(dev), "%u:%u", l->major, l->minor);
		ipc_object_set_str(obj, &attr_dev, dev);
	}
	ipc_object_set_str(obj, &attr_type, lock_type_name(l->type));
	ipc_object_set_str(obj, &attr_lock_mode, lock_mode_name(l->mode));
	ipc_object_set_bool(obj, &attr_mandatory, l->mandatory);
	ipc_object_set_uint(obj, &attr_start, l->start);
	if (!l->to_eof)
		ipc_object_set_uint(obj, &attr_end, l->end);
	if (l->has_pid)
		ipc_object_set_int(obj, &attr_pid, l->pid);
	ipc_object_set_str(obj, &attr_lease_state, lease_state_name(l->lease));
	ipc_object_set_bool(obj, &attr_blocked, l->depth > 0);
	ipc_object_set_bool(obj, &attr_deadlock, false);
	return obj;
}

/* The requests under each lock, as the lock's waiters. */
static void set_waiters(struct ipc_object **objs, const struct lock_table *t)
{
	for (size_t i = 0; i < t->n; i++) {
		if (t->v[i].line.depth)
			continue;
		struct lock_waiter *w = NULL;
		size_t n = 0;
		for (size_t j = i + 1; j < t->n && t->v[j].top == i; j++) {
			const struct lock_line *l = &t->v[j].line;
			const struct ipc_object *req = objs[j];
			w = xreallocarray(w, n + 1, sizeof(*w));
			w[n] = (struct lock_waiter){
				.mode = lock_mode_name(l->mode),
				.start = l->start,
				.to_eof = l->to_eof,
				.end = l->end,
			};
			if (req->nholders) {
				w[n].has_pid = true;
				w[n].pid = req->holders[0].proc->pid;
				w[n].command = req->holders[0].proc->command
						       ? xstrdup(req->holders[0].proc->command)
						       : NULL;
			}
			n++;
		}
		ipc_object_set_waiters(objs[i], &attr_waiters, w, n);
	}
}

static void mark_deadlocks(struct ipc_object **objs, size_t n)
{
	struct lock_cycle *cycles;
	size_t ncycles = lock_find_cycles(objs, n, &cycles);

	for (size_t i = 0; i < ncycles; i++)
		for (size_t s = 0; s < cycles[i].n; s++)
			for (size_t k = 0; k < n; k++)
				if (objs[k] == cycles[i].steps[s].lock ||
				    objs[k] == cycles[i].steps[s].request)
					ipc_object_set_bool(objs[k], &attr_deadlock, true);
	lock_cycles_free(cycles, ncycles);
}

static int collect_locks(struct collect_ctx *ctx, const struct kind *self)
{
	const struct lock_table *t = ctx->my_data;
	struct collect c = { .ctx = ctx, .t = t };

	if (t->read_error)
		return -1;
	if (!t->n)
		return 0;
	read_fd_locks(&c);
	struct ipc_object **objs = xcalloc(t->n, sizeof(*objs));
	bool *claimed = xcalloc(ctx->idx->nfds + 1, sizeof(*claimed));
	for (size_t i = 0; i < t->n; i++) {
		const struct lock_entry *le = &t->v[i];
		objs[i] = lock_object(self, &c, le);
		if (le->line.depth) {
			add_request_holder(objs[i], &c, &le->line, claimed);
			ipc_object_set_str(objs[i], &attr_blocked_by, objs[le->top]->id);
		} else {
			add_lock_holders(objs[i], &c, &le->line);
		}
	}
	set_waiters(objs, t);
	mark_deadlocks(objs, t->n);
	/* Handed over only now: a filter must not hide half of a cycle from the search. */
	for (size_t i = 0; i < t->n; i++)
		collect_add(ctx, objs[i]);
	for (size_t i = 0; i < c.nfds; i++)
		free(c.fds[i].lines);
	free(c.fds);
	free(claimed);
	free(objs);
	return 0;
}

static char *lock_summary(const struct ipc_object *obj)
{
	const struct attr_value *type = ipc_object_attr(obj, &attr_type);
	const struct attr_value *mode = ipc_object_attr(obj, &attr_lock_mode);
	const struct attr_value *waiters = ipc_object_attr(obj, &attr_waiters);
	const struct attr_value *by = ipc_object_attr(obj, &attr_blocked_by);
	const struct attr_value *dead = ipc_object_attr(obj, &attr_deadlock);
	char *s;

	if (by->known)
		s = xasprintf("%s %s, waiting for %s", type->s, mode->s, by->s);
	else
		s = xasprintf("%s %s, %zu waiting", type->s, mode->s,
			      waiters->known ? waiters->waiters.n : 0);
	if (dead->known && dead->b) {
		char *t = xasprintf("%s, DEADLOCK", s);
		free(s);
		s = t;
	}
	return s;
}

static const struct attr_def *const lock_attrs[] = {
	&attr_type,    &attr_lock_mode, &attr_mandatory,   &attr_start,   &attr_end,
	&attr_dev,     &attr_pid,       &attr_lease_state, &attr_blocked, &attr_blocked_by,
	&attr_waiters, &attr_deadlock,
};

const struct kind kind_lock = {
	.name = "lock",
	.help = "file locks (flock, POSIX, OFD, leases), their waiters and deadlocks",
	.fd_classes = FD_CLASS_BIT(FD_FILE),
	.index_needs = INDEX_NEED_PATH_STAT,
	.collect = collect_locks,
	.attrs = lock_attrs,
	.nattrs = ARRAY_SIZE(lock_attrs),
	.default_columns = "KIND,ID,NAME,TYPE,LOCK-MODE,START,END,BLOCKED-BY,HOLDERS",
	.summary = lock_summary,
	.identity = lock_identity,
	.prepare = prepare_locks,
	.free_data = free_table,
};

int lock_deadlocks(const struct snapshot *snap, struct lock_cycle **cycles, size_t *n)
{
	*cycles = NULL;
	*n = 0;
	if (!selection_has_kind(snap->sel, (size_t)kind_index(&kind_lock)) ||
	    snapshot_kind_failed(snap, &kind_lock))
		return -1;
	struct ipc_object **locks = xcalloc(snap->nobjects + 1, sizeof(*locks));
	size_t nlocks = 0;
	for (size_t i = 0; i < snap->nobjects; i++)
		if (snap->objects[i]->kind == &kind_lock)
			locks[nlocks++] = snap->objects[i];
	*n = lock_find_cycles(locks, nlocks, cycles);
	free(locks);
	return 0;
}
