/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The graph of who talks to whom: processes (or their groups) as nodes,
 * the IPC objects they share as edges.  Nodes and edges are found by key,
 * so that the many objects between two processes become one edge with a
 * count, which is what keeps a real machine's picture readable.
 */
#include "graph.h"
#include "lock.h"
#include "procindex.h"
#include "snapshot.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const grouping_names[] = {
	[GROUP_PROCESS] = "process",
	[GROUP_COMMAND] = "command",
	[GROUP_CONTAINER] = "container",
	[GROUP_USER] = "user",
};

int graph_grouping_parse(const char *name)
{
	for (size_t i = 0; i < sizeof(grouping_names) / sizeof(grouping_names[0]); i++)
		if (strcmp(name, grouping_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *graph_grouping_names(void)
{
	return "process, command, container, user";
}

const char *graph_node_type_name(enum graph_node_type type)
{
	switch (type) {
	case NODE_PROCESS:
		return "process";
	case NODE_OBJECT:
		return "object";
	case NODE_GROUP:
		return "group";
	case NODE_PEERS:
		return "peers";
	}
	return "?";
}

size_t graph_new_node(struct graph *g, enum graph_node_type type, const char *id)
{
	if (g->nnodes == g->nodes_cap) {
		g->nodes_cap = g->nodes_cap ? g->nodes_cap * 2 : 64;
		g->nodes = xreallocarray(g->nodes, g->nodes_cap, sizeof(*g->nodes));
	}
	struct graph_node *n = &g->nodes[g->nnodes];
	*n = (struct graph_node){ .type = type, .id = xstrdup(id) };
	graph_index_put(&g->node_ids, id, g->nnodes);
	return g->nnodes++;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static char *user_of(const struct proc_info *proc)
{
	return proc->user ? xstrdup(proc->user) : xasprintf("%u", (unsigned)proc->uid);
}

/* A group's key: what its members have in common. */
static char *group_id(enum graph_grouping grouping, const struct proc_info *proc)
{
	switch (grouping) {
	case GROUP_COMMAND:
		return xasprintf("command:%s", proc->command ? proc->command : "?");
	case GROUP_CONTAINER:
		return xasprintf("container:%s", proc->container ? proc->container : "host");
	case GROUP_USER:
		return proc->user ? xasprintf("user:%s", proc->user)
				  : xasprintf("user:%u", (unsigned)proc->uid);
	case GROUP_PROCESS:
		break;
	}
	return xasprintf("process:%d", proc->pid);
}

/* A member's value, or NULL once two members differ. */
static void keep_common(char **field, bool first, const char *value)
{
	if (first) {
		*field = dup_or_null(value);
	} else if (*field && (!value || strcmp(*field, value) != 0)) {
		free(*field);
		*field = NULL;
	}
}

void graph_node_add_container(struct graph_node *n, const char *container, bool first)
{
	if (first) {
		n->container = dup_or_null(container);
		return;
	}
	if (!n->mixed_container &&
	    (!n->container != !container || (n->container && strcmp(n->container, container) != 0))) {
		n->mixed_container = true;
		free(n->container);
		n->container = NULL;
	}
}

static void add_group_member(struct graph_node *n, const struct proc_info *proc, bool first)
{
	char *user = user_of(proc);

	keep_common(&n->command, first, proc->command);
	keep_common(&n->user, first, user);
	free(user);
	graph_node_add_container(n, proc->container, first);
	n->members++;
}

/* A group's label is what the group is; a process's, pid/command and its user. */
static char *group_label(enum graph_grouping grouping, const struct proc_info *proc)
{
	switch (grouping) {
	case GROUP_COMMAND:
		return xstrdup(proc->command ? proc->command : "?");
	case GROUP_CONTAINER:
		return xstrdup(proc->container ? proc->container : "host");
	case GROUP_USER:
		return user_of(proc);
	case GROUP_PROCESS:
		break;
	}
	return NULL;
}

size_t graph_process_node(struct graph *g, const struct proc_info *proc)
{
	char *id = group_id(g->grouping, proc);
	size_t i;

	if (graph_index_get(&g->node_ids, id, &i)) {
		free(id);
		/* A group counts each of its processes once. */
		if (g->nodes[i].type == NODE_GROUP) {
			char *member = xasprintf("member:%s:%d", g->nodes[i].id, proc->pid);
			size_t unused;
			if (!graph_index_get(&g->node_ids, member, &unused)) {
				graph_index_put(&g->node_ids, member, i);
				add_group_member(&g->nodes[i], proc, false);
			}
			free(member);
		}
		return i;
	}
	if (g->grouping == GROUP_PROCESS) {
		i = graph_new_node(g, NODE_PROCESS, id);
		struct graph_node *n = &g->nodes[i];
		n->has_pid = true;
		n->pid = proc->pid;
		n->command = dup_or_null(proc->command);
		n->user = user_of(proc);
		n->container = dup_or_null(proc->container);
		n->label = xasprintf("%d/%s", proc->pid, proc->command ? proc->command : "?");
	} else {
		i = graph_new_node(g, NODE_GROUP, id);
		char *member = xasprintf("member:%s:%d", id, proc->pid);
		graph_index_put(&g->node_ids, member, i);
		free(member);
		add_group_member(&g->nodes[i], proc, true);
		g->nodes[i].label = group_label(g->grouping, proc);
	}
	free(id);
	return i;
}

size_t graph_pid_node(struct graph *g, int pid, const char *command)
{
	char *id = xasprintf("process:%d", pid);
	size_t i;

	/* Not in the index: nothing tells its user or group, so it stands alone. */
	if (!graph_index_get(&g->node_ids, id, &i)) {
		i = graph_new_node(g, NODE_PROCESS, id);
		struct graph_node *n = &g->nodes[i];
		n->has_pid = true;
		n->pid = pid;
		n->command = dup_or_null(command);
		n->label = xasprintf("%d/%s", pid, command ? command : "?");
	}
	free(id);
	return i;
}

/* The node of proc if it has one yet, else (size_t)-1. */
static size_t find_process_node(const struct graph *g, const struct proc_info *proc)
{
	char *id = group_id(g->grouping, proc);
	size_t i;
	bool found = graph_index_get(&g->node_ids, id, &i);

	free(id);
	return found ? i : (size_t)-1;
}

size_t graph_object_node(struct graph *g, const char *kind, const char *key, char *label)
{
	char *id = xasprintf("object:%s:%s", kind, key);
	size_t i;

	if (graph_index_get(&g->node_ids, id, &i)) {
		free(label);
	} else {
		i = graph_new_node(g, NODE_OBJECT, id);
		g->nodes[i].kind = kind;
		g->nodes[i].label = label;
	}
	free(id);
	return i;
}

static char *edge_key(size_t source, size_t target, const char *kind)
{
	return xasprintf("%zu>%zu:%s", source, target, kind);
}

size_t graph_find_edge(const struct graph *g, size_t source, size_t target, const char *kind)
{
	char *key = edge_key(source, target, kind);
	size_t i;
	bool found = graph_index_get(&g->edge_keys, key, &i);

	free(key);
	return found ? i : (size_t)-1;
}

static bool same_text(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

size_t graph_add_edge(struct graph *g, size_t source, size_t target, const char *kind,
		      bool directed, char *detail)
{
	if (!directed && source > target) {
		size_t t = source;
		source = target;
		target = t;
	}
	size_t i = graph_find_edge(g, source, target, kind);
	if (i != (size_t)-1) {
		struct graph_edge *e = &g->edges[i];
		e->count++;
		if (!same_text(e->detail, detail)) {
			free(e->detail);
			e->detail = NULL;
		}
		free(detail);
		return i;
	}
	if (g->nedges == g->edges_cap) {
		g->edges_cap = g->edges_cap ? g->edges_cap * 2 : 64;
		g->edges = xreallocarray(g->edges, g->edges_cap, sizeof(*g->edges));
	}
	g->edges[g->nedges] = (struct graph_edge){
		.source = source, .target = target, .kind = kind, .directed = directed,
		.count = 1, .detail = detail, .is_lock = strcmp(kind, "lock") == 0,
	};
	char *key = edge_key(source, target, kind);
	graph_index_put(&g->edge_keys, key, g->nedges);
	free(key);
	return g->nedges++;
}

char *graph_edge_label(const struct graph_edge *e)
{
	char *text = xstrdup(e->kind);
	char *more;

	if (e->peers) {
		more = xasprintf("%s: %zu peer%s", text, e->peers, e->peers == 1 ? "" : "s");
		free(text);
		text = more;
	}
	/* A folded edge counts objects only when its peers share some. */
	if (e->count > 1 && e->count != e->peers) {
		more = xasprintf("%s x%zu", text, e->count);
		free(text);
		text = more;
	}
	if (e->detail) {
		more = xasprintf("%s %s", text, e->detail);
		free(text);
		text = more;
	}
	if (e->bytes_known && e->bytes_queued) {
		more = xasprintf("%s, %llu bytes queued", text, (unsigned long long)e->bytes_queued);
		free(text);
		text = more;
	}
	if (e->deadlock) {
		more = xasprintf("%s, deadlock", text);
		free(text);
		text = more;
	}
	return text;
}

/* Red edges: each step of a cycle, from the holder of the lock to the process waiting for it. */
static void mark_deadlocks(struct graph *g, const struct snapshot *snap)
{
	struct lock_cycle *cycles = NULL;
	size_t n = 0;

	if (lock_deadlocks(snap, &cycles, &n) < 0)
		return;
	for (size_t c = 0; c < n; c++) {
		const struct lock_cycle *cy = &cycles[c];
		for (size_t s = 0; s < cy->n; s++) {
			const struct proc_info *waiter = cy->steps[s].proc;
			const struct proc_info *holder = cy->steps[(s + 1) % cy->n].proc;
			size_t from = find_process_node(g, holder), to = find_process_node(g, waiter);
			if (from == (size_t)-1 || to == (size_t)-1)
				continue;
			size_t e = graph_find_edge(g, from, to, "lock");
			if (e != (size_t)-1)
				g->edges[e].deadlock = true;
		}
	}
	lock_cycles_free(cycles, n);
}

void graph_build(struct graph *g, const struct snapshot *snap, const struct graph_options *opts)
{
	*g = (struct graph){ .grouping = opts->grouping };
	graph_add_object_edges(g, snap);
	mark_deadlocks(g, snap);
	graph_fold_hubs(g, opts->hubs);
}

void graph_free(struct graph *g)
{
	for (size_t i = 0; i < g->nnodes; i++) {
		struct graph_node *n = &g->nodes[i];
		free(n->id);
		free(n->command);
		free(n->user);
		free(n->container);
		free(n->label);
	}
	for (size_t i = 0; i < g->nedges; i++)
		free(g->edges[i].detail);
	free(g->nodes);
	free(g->edges);
	graph_index_free(&g->node_ids);
	graph_index_free(&g->edge_keys);
	*g = (struct graph){ 0 };
}
