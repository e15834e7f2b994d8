/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which objects join which processes, kind by kind.  The kinds differ in
 * what an edge is (the flow through a pipe, the two ends of a socket,
 * everyone attached to one segment, a lock's holder and its waiters), and
 * that is a question of this picture alone, so it is answered here by the
 * kind's name rather than by a hook every collector would carry.
 */
#include "graph.h"
#include "ipc_object.h"
#include "kinds.h"
#include "selection.h"
#include "snapshot.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum edge_rule {
	RULE_FLOW,   /* pipe, FIFO: each writer to each reader */
	RULE_PEER,   /* a socket and its peer: their holders, pairwise */
	RULE_SHARED, /* every holder joined through a node of the object */
	RULE_LOCK,   /* the holder of a lock to each process waiting for it */
};

static const struct {
	const char *kind;
	enum edge_rule rule;
} edge_rules[] = {
	{ "pipe", RULE_FLOW },          { "fifo", RULE_FLOW },
	{ "unix", RULE_PEER },          { "tcp", RULE_PEER },
	{ "udp", RULE_PEER },           { "sysv_shm", RULE_SHARED },
	{ "sysv_msg", RULE_SHARED },    { "sysv_sem", RULE_SHARED },
	{ "posix_shm", RULE_SHARED },   { "posix_sem", RULE_SHARED },
	{ "posix_mq", RULE_SHARED },    { "lock", RULE_LOCK },
};

static int rule_of(const struct kind *kind)
{
	for (size_t i = 0; i < sizeof(edge_rules) / sizeof(edge_rules[0]); i++)
		if (strcmp(edge_rules[i].kind, kind->name) == 0)
			return (int)edge_rules[i].rule;
	return -1;
}

/* The node pairs one object has joined already: each object counts once per pair. */
struct pairs {
	size_t (*v)[2];
	size_t n, cap;
};

static bool pair_seen(struct pairs *p, size_t a, size_t b)
{
	for (size_t i = 0; i < p->n; i++)
		if (p->v[i][0] == a && p->v[i][1] == b)
			return true;
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->v = xreallocarray(p->v, p->cap, sizeof(*p->v));
	}
	p->v[p->n][0] = a;
	p->v[p->n][1] = b;
	p->n++;
	return false;
}

/*
 * The edge from proc a to proc b for obj, once per object and node pair;
 * none from a process to itself.  (size_t)-1 when there is none.
 */
static size_t join(struct graph *g, struct pairs *seen, const struct proc_info *a,
		   const struct proc_info *b, const struct ipc_object *obj, bool directed,
		   char *detail)
{
	if (!a || !b || a->pid == b->pid) {
		free(detail);
		return (size_t)-1;
	}
	size_t from = graph_process_node(g, a), to = graph_process_node(g, b);
	if (!directed && from > to) {
		size_t t = from;
		from = to;
		to = t;
	}
	if (pair_seen(seen, from, to)) {
		free(detail);
		return (size_t)-1;
	}
	return graph_add_edge(g, from, to, obj->kind->name, directed, detail);
}

static void flow_edges(struct graph *g, const struct ipc_object *obj)
{
	const struct attr_value *queued = ipc_object_attr_named(obj, "queued");
	struct pairs seen = { 0 };

	for (size_t w = 0; w < obj->nholders; w++) {
		if (!(obj->holders[w].access & ACCESS_WRITE))
			continue;
		for (size_t r = 0; r < obj->nholders; r++) {
			if (!(obj->holders[r].access & ACCESS_READ))
				continue;
			size_t e = join(g, &seen, obj->holders[w].proc, obj->holders[r].proc, obj,
					true, obj->name ? xstrdup(obj->name) : NULL);
			if (e == (size_t)-1)
				continue;
			struct graph_edge *edge = &g->edges[e];
			bool known = queued && queued->known;
			/* A sum is known only while every part of it is. */
			if (edge->count == 1) {
				edge->bytes_known = known;
				edge->bytes_queued = known ? queued->u : 0;
			} else if (edge->bytes_known && known) {
				edge->bytes_queued += queued->u;
			} else {
				edge->bytes_known = false;
				edge->bytes_queued = 0;
			}
		}
	}
	free(seen.v);
}

static char *object_key(const struct ipc_object *obj, uint64_t inode)
{
	return xasprintf("%s:%llu", obj->kind->name, (unsigned long long)inode);
}

/* "stream /run/x.sock", "dgram @name", "stream": a unix socket's type and the name either end has. */
static char *unix_detail(const struct ipc_object *obj, const struct ipc_object *peer)
{
	const struct attr_value *type = ipc_object_attr_named(obj, "type");
	const char *name = obj->name ? obj->name : peer ? peer->name : NULL;
	const char *type_text = type && type->known ? type->s : "?";

	return name ? xasprintf("%s %s", type_text, name) : xstrdup(type_text);
}

/* ":58358-:60071": the ports, the source's first. */
static char *port_detail(const struct ipc_object *obj, bool reversed)
{
	const struct attr_value *local = ipc_object_attr_named(obj, "local_port");
	const struct attr_value *remote = ipc_object_attr_named(obj, "remote_port");
	char l[24] = "?", r[24] = "?";

	if (local && local->known)
		snprintf(l, sizeof(l), "%llu", (unsigned long long)local->u);
	if (remote && remote->known)
		snprintf(r, sizeof(r), "%llu", (unsigned long long)remote->u);
	return reversed ? xasprintf(":%s-:%s", r, l) : xasprintf(":%s-:%s", l, r);
}

static void peer_edges(struct graph *g, const struct snapshot *snap,
		       const struct graph_index *sockets, struct graph_index *pairs_done,
		       const struct ipc_object *obj)
{
	const struct attr_value *pv = ipc_object_attr_named(obj, "peer");

	if (!pv || !pv->known || !pv->peer || !obj->has_inode)
		return;
	const struct ipc_peer *peer = pv->peer;
	uint64_t lo = obj->inode < peer->inode ? obj->inode : peer->inode;
	uint64_t hi = obj->inode < peer->inode ? peer->inode : obj->inode;
	char *pair = xasprintf("%s:%llu:%llu", obj->kind->name, (unsigned long long)lo,
			       (unsigned long long)hi);
	size_t unused, at;
	bool done = graph_index_get(pairs_done, pair, &unused);
	if (!done)
		graph_index_put(pairs_done, pair, 0);
	free(pair);
	if (done)
		return;

	char *key = object_key(obj, peer->inode);
	const struct ipc_object *peer_obj =
		graph_index_get(sockets, key, &at) ? snap->objects[at] : NULL;
	free(key);
	bool is_unix = strcmp(obj->kind->name, "unix") == 0;
	struct pairs seen = { 0 };
	for (size_t a = 0; a < obj->nholders; a++)
		for (size_t b = 0; b < peer->nholders; b++) {
			const struct proc_info *pa = obj->holders[a].proc;
			const struct proc_info *pb = peer->holders[b].proc;
			if (!pa || !pb || pa->pid == pb->pid)
				continue;
			bool reversed = graph_process_node(g, pa) > graph_process_node(g, pb);
			char *detail = is_unix ? unix_detail(obj, peer_obj) : port_detail(obj, reversed);
			join(g, &seen, pa, pb, obj, false, detail);
		}
	free(seen.v);
}

/* The distinct processes that hold obj: its edges need two of them. */
static size_t distinct_holders(const struct ipc_object *obj)
{
	size_t n = 0;

	for (size_t i = 0; i < obj->nholders; i++) {
		bool again = false;
		for (size_t j = 0; j < i && !again; j++)
			again = obj->holders[j].proc == obj->holders[i].proc;
		n += !again && obj->holders[i].proc;
	}
	return n;
}

static void shared_edges(struct graph *g, const struct ipc_object *obj)
{
	if (distinct_holders(obj) < 2)
		return;
	/* ids repeat from one namespace to the next: the namespace is part of the key */
	const struct attr_value *ns = ipc_object_attr_named(obj, "ipcns");
	if (!ns || !ns->known)
		ns = ipc_object_attr_named(obj, "mntns");
	char *key = ns && ns->known ? xasprintf("%s@%llu", obj->id, (unsigned long long)ns->u)
				    : xstrdup(obj->id);
	char *label = obj->name ? xasprintf("%s %s", obj->kind->name, obj->name)
				: xasprintf("%s %s", obj->kind->name, obj->id);
	size_t node = graph_object_node(g, obj->kind->name, key, label);
	free(key);

	struct pairs seen = { 0 };
	bool first = true;
	for (size_t i = 0; i < obj->nholders; i++) {
		const struct proc_info *p = obj->holders[i].proc;
		if (!p)
			continue;
		size_t from = graph_process_node(g, p);
		/* The object sits in a container when all who hold it do. */
		graph_node_add_container(&g->nodes[node], p->container, first);
		first = false;
		if (!pair_seen(&seen, from, node))
			graph_add_edge(g, from, node, obj->kind->name, false, NULL);
	}
	free(seen.v);
}

static const struct proc_info *proc_by_pid(const struct procindex *idx, int pid)
{
	for (size_t i = 0; i < idx->nprocs; i++)
		if (idx->procs[i].pid == pid)
			return &idx->procs[i];
	return NULL;
}

static void lock_edges(struct graph *g, const struct snapshot *snap, const struct ipc_object *obj)
{
	const struct attr_value *blocked = ipc_object_attr_named(obj, "blocked");
	const struct attr_value *waiters = ipc_object_attr_named(obj, "waiters");
	const struct attr_value *type = ipc_object_attr_named(obj, "type");

	/* A blocked request is drawn as its lock's waiter. */
	if ((blocked && blocked->known && blocked->b) || !waiters || !waiters->known)
		return;
	struct pairs seen = { 0 };
	for (size_t h = 0; h < obj->nholders; h++) {
		const struct proc_info *holder = obj->holders[h].proc;
		if (!holder)
			continue;
		for (size_t w = 0; w < waiters->waiters.n; w++) {
			const struct lock_waiter *lw = &waiters->waiters.items[w];
			if (!lw->has_pid || lw->pid == holder->pid)
				continue;
			const struct proc_info *wp = proc_by_pid(&snap->index, lw->pid);
			size_t from = graph_process_node(g, holder);
			size_t to = wp ? graph_process_node(g, wp) : graph_pid_node(g, lw->pid, lw->command);
			if (pair_seen(&seen, from, to))
				continue;
			char *detail = xasprintf("%s %s", type && type->known ? type->s : "?",
						 lw->mode ? lw->mode : "?");
			graph_add_edge(g, from, to, "lock", true, detail);
		}
	}
	free(seen.v);
}

void graph_add_object_edges(struct graph *g, const struct snapshot *snap)
{
	struct graph_index sockets = { 0 }, pairs_done = { 0 };

	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct ipc_object *obj = snap->objects[i];
		if (rule_of(obj->kind) == RULE_PEER && obj->has_inode) {
			char *key = object_key(obj, obj->inode);
			size_t unused;
			if (!graph_index_get(&sockets, key, &unused))
				graph_index_put(&sockets, key, i);
			free(key);
		}
	}
	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct ipc_object *obj = snap->objects[i];
		switch (rule_of(obj->kind)) {
		case RULE_FLOW:
			flow_edges(g, obj);
			break;
		case RULE_PEER:
			peer_edges(g, snap, &sockets, &pairs_done, obj);
			break;
		case RULE_SHARED:
			shared_edges(g, obj);
			break;
		case RULE_LOCK:
			lock_edges(g, snap, obj);
			break;
		default:
			break;
		}
	}
	graph_index_free(&sockets);
	graph_index_free(&pairs_done);
}

void graph_select_kinds(struct selection *sel)
{
	for (size_t i = 0; i < sizeof(edge_rules) / sizeof(edge_rules[0]); i++) {
		int k = kind_find(edge_rules[i].kind);
		if (k >= 0)
			sel->kinds |= 1UL << k;
	}
}
