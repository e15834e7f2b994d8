/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sockets are per network namespace: a sock_diag dump lists those of the
 * namespace its netlink socket was opened in, and /proc/PID/net those of
 * PID's.  So each namespace is read on its own, and the listing is the
 * sum; what failed where is gathered here and said once per cause.
 */
#include "socket_netns.h"
#include "collect.h"
#include "namespaces.h"
#include "procindex.h"
#include "selection.h"
#include "strvec.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Why some namespaces' files were read instead of their dumps; one warning each. */
struct fallback_cause {
	int err;          /* the dump's errno, or -1: sock_diag switched off */
	bool not_entered; /* err is why the namespace could not be entered to dump at all */
	unsigned files;   /* bit i: table i's file was read */
	bool own;         /* our own namespace is one of them */
	size_t others;    /* and this many others */
};

struct walk {
	struct collect_ctx *ctx;
	const struct socket_tables *t;
	/* A dump with no handler in our own namespace has none anywhere: the
	 * handlers are the kernel's, so the other namespaces skip the try.
	 * Written while our own is read, before the others start. */
	int no_handler[SOCKET_TABLES_MAX];
	bool no_dump_all; /* dump_all failed in our own: the tables one by one */
	struct fallback_cause *causes;
	size_t ncauses;
};

void *socket_recs_add(struct socket_recs *recs)
{
	if (recs->n == recs->cap) {
		recs->cap = recs->cap ? recs->cap * 2 : 64;
		recs->v = xreallocarray(recs->v, recs->cap, recs->size);
	}
	void *r = (char *)recs->v + recs->n++ * recs->size;
	memset(r, 0, recs->size);
	return r;
}

/* from's records to the end of into's, which take them over. */
static void recs_join(struct socket_recs *into, struct socket_recs *from)
{
	if (into->n + from->n > into->cap) {
		into->cap = into->cap * 2 > into->n + from->n ? into->cap * 2 : into->n + from->n;
		into->v = xreallocarray(into->v, into->cap, into->size);
	}
	if (from->n)
		memcpy((char *)into->v + into->n * into->size, from->v, from->n * from->size);
	into->n += from->n;
	free(from->v);
	*from = (struct socket_recs){ 0 };
}

bool sock_diag_wanted(void)
{
	const char *v = getenv("IPCSCOPE_SOCK_DIAG");
	return !v || strcmp(v, "off") != 0;
}

static bool is_no_handler(int err)
{
	return err == ENOENT || err == EOPNOTSUPP || err == EPROTONOSUPPORT || err == EAFNOSUPPORT;
}

static const char *dump_failure(int err)
{
	if (is_no_handler(err))
		return "this kernel has no sock_diag handler for them";
	if (err == EPERM || err == EACCES)
		return "permission denied";
	if (err == EBADMSG)
		return "its reply was malformed";
	return strerror(err);
}

static const char *entry_failure(int err)
{
	if (err == EPERM || err == EACCES)
		return "permission denied";
	if (err == ESRCH)
		return "no process is left in it to enter it by";
	return strerror(err);
}

static void note_fallback(struct walk *w, const struct namespace *ns, int err, bool entered,
			  unsigned files)
{
	struct fallback_cause *c = NULL;

	for (size_t i = 0; i < w->ncauses && !c; i++)
		if (w->causes[i].err == err && w->causes[i].not_entered == !entered &&
		    w->causes[i].files == files)
			c = &w->causes[i];
	if (!c) {
		w->causes = xreallocarray(w->causes, w->ncauses + 1, sizeof(*w->causes));
		c = &w->causes[w->ncauses++];
		*c = (struct fallback_cause){ .err = err, .not_entered = !entered, .files = files };
	}
	if (ns->own)
		c->own = true;
	else
		c->others++;
}

/* "/proc/net/tcp and /proc/net/tcp6", with dir for "/proc/net". */
static void file_list(const struct socket_tables *t, unsigned files, const char *dir, char *buf,
		      size_t size)
{
	size_t len = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < t->n && len < size; i++)
		if (files & 1u << i)
			len += (size_t)snprintf(buf + len, size - len, "%s%s/%s", len ? " and " : "",
						dir, t->file[i]);
}

/* "read /proc/net/tcp instead, and /proc/PID/net/tcp of a process in another network namespace" */
static void where_read(const struct socket_tables *t, const struct fallback_cause *c, char *buf,
		       size_t size)
{
	char own[128], theirs[128], others[64];

	file_list(t, c->files, "/proc/net", own, sizeof(own));
	file_list(t, c->files, "/proc/PID/net", theirs, sizeof(theirs));
	if (c->others == 1)
		snprintf(others, sizeof(others), "another network namespace");
	else
		snprintf(others, sizeof(others), "each of %zu other network namespaces", c->others);
	if (c->own && c->others)
		snprintf(buf, size, "read %s instead, and %s of a process in %s", own, theirs, others);
	else if (c->own)
		snprintf(buf, size, "read %s instead", own);
	else
		snprintf(buf, size, "read %s of a process in %s instead", theirs, others);
}

/*
 * Whether nothing is missing for it: the kernel has no handler (raw
 * sockets have none in many kernels) and the files list all the dump
 * would.  That is no warning but a note, in JSON only; a failure to enter
 * a namespace or a dump refused is a warning, as is sock_diag switched off.
 */
static bool fallback_is_whole(const struct fallback_cause *c)
{
	return !c->not_entered && c->err > 0 && is_no_handler(c->err);
}

static void say_cause(struct walk *w, const struct fallback_cause *c)
{
	const struct socket_tables *t = w->t;
	char why[160], where[400];

	if (c->not_entered)
		snprintf(why, sizeof(why),
			 "cannot enter other network namespaces to dump their %s sockets (%s)", t->what,
			 entry_failure(c->err));
	else if (c->err > 0)
		snprintf(why, sizeof(why), "netlink sock_diag is unavailable for %s sockets (%s)",
			 t->what, dump_failure(c->err));
	else
		snprintf(why, sizeof(why), "netlink sock_diag is switched off (IPCSCOPE_SOCK_DIAG=off)");
	where_read(t, c, where, sizeof(where));
	if (t->lost)
		strvec_pushf(w->ctx->warnings, "%s; %s, which %s %s", why, where,
			     c->own && c->others ? "have" : "has", t->lost);
	else
		strvec_pushf(fallback_is_whole(c) && w->ctx->notes ? w->ctx->notes : w->ctx->warnings,
			     "%s; %s", why, where);
}

/*
 * One namespace's reading.  The namespaces are read on threads beside
 * each other (a TCP dump walks the kernel's whole established hash, so
 * each costs the same however few sockets it finds), each into a slot of
 * its own; the slots are then joined in the namespaces' order, so the
 * result is the same whatever the threads did.
 */
struct ns_slot {
	struct namespace ns; /* its pid: a process still in it */
	struct socket_recs recs;
	struct strvec warnings;
	int err;        /* the first dump's failure, when files were read instead */
	bool entered;   /* false: err is why it could not be entered */
	unsigned files; /* the tables read from files */
	int rc;         /* -1: some of its sockets could be read neither way */
};

/* A problem with one file, naming the namespace when it is not ours. */
static void slot_warning(struct ns_slot *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void slot_warning(struct ns_slot *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	if (s->ns.own)
		strvec_push(&s->warnings, text);
	else {
		strvec_pushf(&s->warnings, "network namespace %llu: %s",
			     (unsigned long long)s->ns.inode, text);
		free(text);
	}
}

/* Whether ns's process is in it still: its pid may have been reused since the walk. */
static bool process_still_in(const struct namespace *ns)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", ns->pid);
	return stat(path, &st) == 0 && st.st_ino == ns->inode;
}

/*
 * /proc/net/NAME for our own namespace.  Another's is /proc/PID/net/NAME
 * of its process, which shows the namespace that process is in: checked
 * once the file is open, which holds on to the namespace it showed.
 */
static FILE *open_table(const struct namespace *ns, const char *name, char *path, size_t size)
{
	if (ns->own) {
		snprintf(path, size, "/proc/net/%s", name);
		return fopen(path, "re");
	}
	snprintf(path, size, "/proc/%d/net/%s", ns->pid, name);
	FILE *f = fopen(path, "re");
	int err = errno;
	if (!process_still_in(ns)) {
		if (f)
			fclose(f);
		errno = ESRCH;
		return NULL;
	}
	errno = err;
	return f;
}

/* -1 when the file could not be read at all: the sockets it lists are missing. */
static int read_table(const struct socket_tables *t, struct ns_slot *s, size_t i)
{
	char path[64];
	size_t garbled = 0;
	FILE *f = open_table(&s->ns, t->file[i], path, sizeof(path));

	if (!f) {
		if (errno == ENOENT && t->family_optional)
			return 0;
		slot_warning(s, "cannot read %s: %s; the %s sockets it lists are missing", path,
			     errno == ESRCH ? "its process has ended" : strerror(errno), t->what);
		return -1;
	}
	int rc = t->read(&s->recs, i, f, &garbled);
	if (rc < 0)
		slot_warning(s, "%s does not start with the expected header; the %s sockets it lists are missing",
			     path, t->what);
	if (garbled)
		slot_warning(s, "%zu line%s of %s could not be parsed and %s skipped", garbled,
			     garbled == 1 ? "" : "s", path, garbled == 1 ? "was" : "were");
	fclose(f);
	return rc;
}

struct dump_call {
	const struct socket_tables *t;
	struct socket_recs *recs;
	unsigned tables; /* bit i: dump table i */
	bool try_all;    /* with dump_all first */
	bool all_failed;
	int err[SOCKET_TABLES_MAX];
};

/* On a thread inside the namespace, or ours directly. */
static int dump_tables(void *arg)
{
	struct dump_call *c = arg;

	if (c->try_all) {
		if (c->t->dump_all(c->recs) == 0)
			return 0;
		c->all_failed = true;
	}
	for (size_t i = 0; i < c->t->n; i++)
		if (c->tables & 1u << i)
			c->err[i] = c->t->dump(c->recs, i) == 0 ? 0 : errno;
	return 0;
}

/* Each table's dump in the slot's namespace: 0 when done, else why not. */
static void dump_namespace(struct walk *w, struct ns_slot *s, int err[])
{
	const struct socket_tables *t = w->t;
	struct dump_call c = { .t = t, .recs = &s->recs };

	s->entered = true;
	for (size_t i = 0; i < t->n; i++) {
		if (!sock_diag_wanted())
			err[i] = -1;
		else if (w->no_handler[i])
			err[i] = w->no_handler[i];
		else
			c.tables |= 1u << i;
	}
	if (!c.tables)
		return;
	c.try_all = t->dump_all && !w->no_dump_all && c.tables == (1u << t->n) - 1;
	if (namespace_run(&s->ns, dump_tables, &c) < 0) {
		s->entered = false;
		for (size_t i = 0; i < t->n; i++)
			if (c.tables & 1u << i)
				err[i] = errno;
		return;
	}
	/* Our own comes first, alone: what it finds missing, the others need not try. */
	if (s->ns.own && c.all_failed)
		w->no_dump_all = true;
	for (size_t i = 0; i < t->n; i++)
		if (c.tables & 1u << i) {
			err[i] = c.err[i];
			if (s->ns.own && is_no_handler(err[i]))
				w->no_handler[i] = err[i];
		}
}

/*
 * The process to reach a namespace through: the index's, or when that one
 * has ended since the walk, another of the namespace's that is still in
 * it.  False when none is left.
 */
static bool find_way_in(const struct procindex *idx, struct namespace *ns)
{
	if (ns->own || process_still_in(ns))
		return true;
	for (size_t i = 0; i < idx->nprocs; i++) {
		ns->pid = idx->procs[i].pid;
		if (idx->procs[i].ns[NS_NET] == ns->inode && process_still_in(ns))
			return true;
	}
	return false;
}

/* Dumps, or files where they fail: everything into the slot alone. */
static void read_slot(struct walk *w, struct ns_slot *s)
{
	const struct socket_tables *t = w->t;
	int err[SOCKET_TABLES_MAX] = { 0 };

	if (!find_way_in(w->ctx->idx, &s->ns)) {
		slot_warning(s, "no process is left in it to read its %s sockets through; they are not listed",
			     t->what);
		s->rc = -1;
		return;
	}
	dump_namespace(w, s, err);
	for (size_t i = 0; i < t->n; i++) {
		if (!err[i] || (err[i] == EAFNOSUPPORT && t->family_optional))
			continue;
		s->files |= 1u << i;
		if (!s->err)
			s->err = err[i];
	}
	for (size_t i = 0; i < t->n; i++)
		if (s->files & 1u << i && read_table(t, s, i) < 0)
			s->rc = -1;
}

struct slot_pool {
	struct walk *w;
	struct ns_slot *slots;
	size_t n;
	atomic_size_t next;
};

static void *read_slots(void *arg)
{
	struct slot_pool *p = arg;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
		read_slot(p->w, &p->slots[i]);
	return NULL;
}

#define MAX_NAMESPACE_THREADS 4

/* slots[from...] on as many threads as there are cores, this one among them. */
static void read_slots_beside(struct walk *w, struct ns_slot *slots, size_t from, size_t n)
{
	struct slot_pool pool = { .w = w, .slots = slots, .n = n };
	pthread_t threads[MAX_NAMESPACE_THREADS - 1];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = cpus > 1 ? (size_t)cpus : 1, started = 0;

	atomic_init(&pool.next, from);
	if (want > MAX_NAMESPACE_THREADS)
		want = MAX_NAMESPACE_THREADS;
	if (want > n - from)
		want = n - from;
	/* A thread that cannot be made leaves its share to the others. */
	while (started + 1 < want && pthread_create(&threads[started], NULL, read_slots, &pool) == 0)
		started++;
	read_slots(&pool);
	for (size_t i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
}

/* The namespaces whose sockets are wanted, our own first; each with fresh records. */
static size_t wanted_slots(struct walk *w, struct ns_slot **out)
{
	const struct procindex *idx = w->ctx->idx;
	const struct namespace_set *set = &idx->ns[NS_NET];
	struct ns_slot *slots = xcalloc(set->n + 1, sizeof(*slots));
	size_t n = 0;

	/* Without our own namespace's inode, ours cannot be told from the others: ours alone. */
	if (!idx->own_ns[NS_NET]) {
		slots[0].ns = (struct namespace){ .type = NS_NET, .own = true };
		n = selection_wants_namespace(w->ctx->sel, &slots[0].ns);
	} else {
		for (size_t i = 0; i < set->n; i++)
			if (selection_wants_namespace(w->ctx->sel, &set->v[i]))
				slots[n++].ns = set->v[i];
	}
	for (size_t i = 0; i < n; i++)
		slots[i].recs = (struct socket_recs){
			.size = w->t->recs->size,
			.protocol = w->t->recs->protocol,
			.netns = slots[i].ns.inode,
		};
	*out = slots;
	return n;
}

int socket_read_namespaces(struct collect_ctx *ctx, const struct socket_tables *t)
{
	struct walk w = { .ctx = ctx, .t = t };
	struct ns_slot *slots;
	size_t n = wanted_slots(&w, &slots);
	int rc = 0;

	if (n && slots[0].ns.own)
		read_slot(&w, &slots[0]);
	read_slots_beside(&w, slots, n && slots[0].ns.own, n);
	for (size_t i = 0; i < n; i++) {
		struct ns_slot *s = &slots[i];
		if (s->files)
			note_fallback(&w, &s->ns, s->err, s->entered, s->files);
		if (s->rc < 0 && s->ns.own)
			rc = -1;
		recs_join(t->recs, &s->recs);
	}
	for (size_t i = 0; i < w.ncauses; i++)
		say_cause(&w, &w.causes[i]);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < slots[i].warnings.len; k++)
			strvec_push(ctx->warnings, slots[i].warnings.items[k]);
		free(slots[i].warnings.items);
	}
	free(w.causes);
	free(slots);
	return rc;
}
