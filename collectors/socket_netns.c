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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
	 * handlers are the kernel's, so the other namespaces skip the try. */
	int no_handler[SOCKET_TABLES_MAX];
	struct fallback_cause *causes;
	size_t ncauses;
	struct strvec file_warnings; /* said after the causes, which explain them */
};

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
		strvec_pushf(w->ctx->warnings, "%s; %s", why, where);
}

/* A problem with one file, naming the namespace when it is not ours. */
static void file_warning(struct walk *w, const struct namespace *ns, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void file_warning(struct walk *w, const struct namespace *ns, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	if (ns->own)
		strvec_push(&w->file_warnings, text);
	else {
		strvec_pushf(&w->file_warnings, "network namespace %llu: %s",
			     (unsigned long long)ns->inode, text);
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
	if (ns->pid <= 0) {
		errno = ESRCH;
		return NULL;
	}
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
static int read_table(struct walk *w, const struct namespace *ns, size_t i)
{
	const struct socket_tables *t = w->t;
	char path[64];
	size_t garbled = 0;
	FILE *f = open_table(ns, t->file[i], path, sizeof(path));

	if (!f) {
		if (errno == ENOENT && t->family_optional)
			return 0;
		file_warning(w, ns, "cannot read %s: %s; the %s sockets it lists are missing", path,
			     errno == ESRCH ? "its process has ended" : strerror(errno), t->what);
		return -1;
	}
	int rc = t->read(t->recs, i, ns->inode, f, &garbled);
	if (rc < 0)
		file_warning(w, ns,
			     "%s does not start with the expected header; the %s sockets it lists are missing",
			     path, t->what);
	if (garbled)
		file_warning(w, ns, "%zu line%s of %s could not be parsed and %s skipped", garbled,
			     garbled == 1 ? "" : "s", path, garbled == 1 ? "was" : "were");
	fclose(f);
	return rc;
}

struct dump_call {
	const struct socket_tables *t;
	uint64_t netns;
	unsigned tables; /* bit i: dump table i */
	int err[SOCKET_TABLES_MAX];
};

/* On a thread inside the namespace, or ours directly. */
static int dump_tables(void *arg)
{
	struct dump_call *c = arg;

	for (size_t i = 0; i < c->t->n; i++)
		if (c->tables & 1u << i)
			c->err[i] = c->t->dump(c->t->recs, i, c->netns) == 0 ? 0 : errno;
	return 0;
}

/* Each table's dump in ns: 0 when done, else why not; *entered is false when ns could
 * not be entered at all. */
static void dump_namespace(struct walk *w, const struct namespace *ns, int err[], bool *entered)
{
	const struct socket_tables *t = w->t;
	struct dump_call c = { .t = t, .netns = ns->inode };

	*entered = true;
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
	if (namespace_run(ns, dump_tables, &c) < 0) {
		*entered = false;
		for (size_t i = 0; i < t->n; i++)
			if (c.tables & 1u << i)
				err[i] = errno;
		return;
	}
	for (size_t i = 0; i < t->n; i++)
		if (c.tables & 1u << i) {
			err[i] = c.err[i];
			if (ns->own && is_no_handler(err[i]))
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

/* -1 when some of the namespace's sockets could be read neither way. */
static int read_namespace(struct walk *w, const struct namespace *listed)
{
	const struct socket_tables *t = w->t;
	int err[SOCKET_TABLES_MAX] = { 0 }, first = 0, rc = 0;
	unsigned files = 0;
	bool entered;
	struct namespace way = *listed, *ns = &way;

	if (!find_way_in(w->ctx->idx, ns)) {
		file_warning(w, ns, "no process is left in it to read its %s sockets through; they are not listed",
			     t->what);
		return -1;
	}
	dump_namespace(w, ns, err, &entered);
	for (size_t i = 0; i < t->n; i++) {
		if (!err[i] || (err[i] == EAFNOSUPPORT && t->family_optional))
			continue;
		files |= 1u << i;
		if (!first)
			first = err[i];
	}
	if (!files)
		return 0;
	note_fallback(w, ns, first, entered, files);
	for (size_t i = 0; i < t->n; i++)
		if (files & 1u << i && read_table(w, ns, i) < 0)
			rc = -1;
	return rc;
}

static int read_every_namespace(struct walk *w)
{
	const struct procindex *idx = w->ctx->idx;
	const struct namespace_set *set = &idx->ns[NS_NET];
	int rc = 0;

	/* Without our own namespace's inode, ours cannot be told from the others: ours alone. */
	if (!idx->own_ns[NS_NET]) {
		const struct namespace self = { .type = NS_NET, .own = true };
		return selection_wants_namespace(w->ctx->sel, &self) ? read_namespace(w, &self) : 0;
	}
	for (size_t i = 0; i < set->n; i++) {
		const struct namespace *ns = &set->v[i];
		if (!selection_wants_namespace(w->ctx->sel, ns))
			continue;
		if (read_namespace(w, ns) < 0 && ns->own)
			rc = -1;
	}
	return rc;
}

int socket_read_namespaces(struct collect_ctx *ctx, const struct socket_tables *t)
{
	struct walk w = { .ctx = ctx, .t = t };
	int rc = read_every_namespace(&w);

	for (size_t i = 0; i < w.ncauses; i++)
		say_cause(&w, &w.causes[i]);
	for (size_t i = 0; i < w.file_warnings.len; i++)
		strvec_push(ctx->warnings, w.file_warnings.items[i]);
	free(w.file_warnings.items);
	free(w.causes);
	return rc;
}
