/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The metrics text of one snapshot: every family summary --format
 * prometheus writes, then what only a long-running exporter is asked for.
 * Every label's values are bounded: kinds, namespaces, containers, and
 * --top objects at most, never one series per object.
 */
#include "ipc_object.h"
#include "kinds.h"
#include "lock.h"
#include "procindex.h"
#include "prometheus.h"
#include "selection.h"
#include "serve.h"
#include "snapshot.h"
#include "summary.h"
#include "util.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One series of a count: a kind, with a namespace or a container where it has one. */
struct count {
	const struct kind *kind;
	const char *ns_label; /* "ipcns", "netns" or NULL */
	uint64_t ns;
	const char *container; /* NULL for none */
	uint64_t n;
};

struct counts {
	struct count *v;
	size_t n, cap;
};

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void count_add(struct counts *c, const struct count *key)
{
	for (size_t i = 0; i < c->n; i++) {
		struct count *e = &c->v[i];
		if (e->kind == key->kind && same_text(e->ns_label, key->ns_label) && e->ns == key->ns &&
		    same_text(e->container, key->container)) {
			e->n += key->n;
			return;
		}
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->v = xreallocarray(c->v, c->cap, sizeof(*c->v));
	}
	c->v[c->n++] = *key;
}

static void put_label(FILE *out, bool *first, const char *name, const char *value)
{
	fprintf(out, "%s%s=\"", *first ? "{" : ",", name);
	prometheus_put_escaped(out, value, true);
	fputc('"', out);
	*first = false;
}

static void put_ns_label(FILE *out, bool *first, const char *name, uint64_t ns)
{
	char text[24];

	snprintf(text, sizeof(text), "%" PRIu64, ns);
	put_label(out, first, name, text);
}

static void write_counts(FILE *out, const char *name, const char *help, const struct counts *c)
{
	prometheus_family(out, name, help);
	for (size_t i = 0; i < c->n; i++) {
		const struct count *e = &c->v[i];
		bool first = true;
		fputs(name, out);
		put_label(out, &first, "kind", e->kind->name);
		if (e->ns_label)
			put_ns_label(out, &first, e->ns_label, e->ns);
		if (e->container)
			put_label(out, &first, "container", e->container);
		fprintf(out, "} %" PRIu64 "\n", e->n);
	}
}

/* The namespace an object is in, as the label it is shown with. */
static void object_namespace(const struct ipc_object *obj, struct count *key)
{
	static const char *const labels[] = { "ipcns", "netns" };

	for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
		const struct attr_value *v = ipc_object_attr_named(obj, labels[i]);
		if (v && v->known) {
			key->ns_label = labels[i];
			key->ns = v->u;
			return;
		}
	}
}

/* Stale objects per kind and namespace, with a zero for each selected kind that can have them,
 * so that an alert on their growth sees them start. */
static void write_stale(FILE *out, const struct snapshot *snap)
{
	struct counts c = { 0 };

	for (size_t k = 0; k < kinds_count(); k++)
		if (selection_has_kind(snap->sel, k) && kind_at(k)->stale_reason)
			count_add(&c, &(struct count){ .kind = kind_at(k) });
	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct ipc_object *obj = snap->objects[i];
		struct count key = { .kind = obj->kind, .n = 1 };
		if (!obj->stale)
			continue;
		object_namespace(obj, &key);
		count_add(&c, &key);
	}
	write_counts(out, "ipcscope_stale_objects",
		     "Objects nothing uses any more, as ipcscope stale judges them (without its --path "
		     "search), per kind and IPC or network namespace.",
		     &c);
	free(c.v);
}

/* Whether a holder before position i runs in the same container: an object counts once per container. */
static bool container_seen(const struct ipc_object *obj, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (same_text(obj->holders[j].proc->container, obj->holders[i].proc->container))
			return true;
	return false;
}

static void write_containers(FILE *out, const struct snapshot *snap)
{
	struct counts c = { 0 };

	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct ipc_object *obj = snap->objects[i];
		for (size_t h = 0; h < obj->nholders; h++) {
			const char *container = obj->holders[h].proc->container;
			if (container && !container_seen(obj, h))
				count_add(&c, &(struct count){ .kind = obj->kind, .container = container, .n = 1 });
		}
	}
	write_counts(out, "ipcscope_container_objects",
		     "Objects a process of a container or systemd service holds, per kind and container.",
		     &c);
	free(c.v);
}

static void write_sockets(FILE *out, const struct snapshot *snap)
{
	struct counts c = { 0 };

	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct attr_value *v = ipc_object_attr_named(snap->objects[i], "netns");
		if (v && v->known)
			count_add(&c, &(struct count){ .kind = snap->objects[i]->kind, .ns_label = "netns",
						      .ns = v->u, .n = 1 });
	}
	write_counts(out, "ipcscope_socket_objects", "Sockets per kind and network namespace.", &c);
	free(c.v);
}

static void write_locks(FILE *out, const struct snapshot *snap)
{
	struct lock_cycle *cycles = NULL;
	size_t ncycles = 0, waiters = 0;

	/* No answer (no lock kind, /proc/locks unreadable) is no sample, never a made-up 0. */
	if (lock_deadlocks(snap, &cycles, &ncycles) < 0)
		return;
	lock_cycles_free(cycles, ncycles);
	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct attr_value *v = ipc_object_attr_named(snap->objects[i], "waiters");
		if (v && v->known)
			waiters += v->waiters.n;
	}
	prometheus_family(out, "ipcscope_lock_deadlocks",
			  "Cycles of processes each waiting for a file lock the next one holds.");
	fprintf(out, "ipcscope_lock_deadlocks %zu\n", ncycles);
	prometheus_family(out, "ipcscope_lock_waiters", "Requests blocked waiting for a file lock.");
	fprintf(out, "ipcscope_lock_waiters %zu\n", waiters);
}

/* The bytes waiting to be read in a pipe, FIFO or unix socket; false for other objects. */
static bool queued_bytes(const struct ipc_object *obj, uint64_t *bytes)
{
	const struct attr_value *v = ipc_object_attr_named(obj, "queued");
	const struct attr_value *state;

	if (!v) {
		/* A listener's receive queue is its pending connections, not bytes. */
		state = ipc_object_attr_named(obj, "state");
		if (strcmp(obj->kind->name, "unix") != 0 ||
		    (state && state->known && strcasecmp(state->s, "listen") == 0))
			return false;
		v = ipc_object_attr_named(obj, "rqueue");
	}
	if (!v || !v->known || v->u == 0)
		return false;
	*bytes = v->u;
	return true;
}

struct queued {
	const struct ipc_object *obj;
	uint64_t bytes;
};

static int by_bytes_down(const void *a, const void *b)
{
	const struct queued *x = a, *y = b;

	return x->bytes < y->bytes ? 1 : x->bytes > y->bytes ? -1 : 0;
}

static void write_queued(FILE *out, const struct snapshot *snap, unsigned top)
{
	struct queued *q = xcalloc(snap->nobjects + 1, sizeof(*q));
	size_t n = 0;

	for (size_t i = 0; i < snap->nobjects; i++)
		if (queued_bytes(snap->objects[i], &q[n].bytes))
			q[n++].obj = snap->objects[i];
	qsort(q, n, sizeof(*q), by_bytes_down);
	prometheus_family(out, "ipcscope_queued_bytes",
			  "Bytes waiting to be read in the pipes, FIFOs and unix sockets that hold the "
			  "most (serve --top), with the first process holding each.");
	for (size_t i = 0; i < n && i < top; i++) {
		const struct ipc_object *obj = q[i].obj;
		bool first = true;
		fputs("ipcscope_queued_bytes", out);
		put_label(out, &first, "kind", obj->kind->name);
		put_label(out, &first, "id", obj->id);
		if (obj->nholders) {
			const struct proc_info *p = obj->holders[0].proc;
			put_ns_label(out, &first, "pid", (uint64_t)p->pid);
			put_label(out, &first, "command", p->command ? p->command : "");
			if (p->container)
				put_label(out, &first, "container", p->container);
		}
		fprintf(out, "} %" PRIu64 "\n", q[i].bytes);
	}
	free(q);
}

void serve_metrics_write(FILE *out, const struct snapshot *snap, unsigned top)
{
	struct summary sum = { 0 };

	summary_build(&sum, snap);
	prometheus_write_summary(&sum, out);
	summary_free(&sum);
	write_stale(out, snap);
	write_containers(out, snap);
	write_sockets(out, snap);
	write_locks(out, snap);
	write_queued(out, snap, top);
}
