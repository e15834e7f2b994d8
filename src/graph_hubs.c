/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Hubs: dbus-daemon, systemd or an X server talk to nearly everyone, and
 * drawn edge by edge they bury the rest of the picture.  A node with more
 * edges than --hubs keeps them between hubs, and folds the rest into one
 * edge per kind to a node that stands for all those peers; processes left
 * with no edge of their own are not drawn.
 */
#include "graph.h"
#include "util.h"

#include <stdlib.h>

static void count_degrees(struct graph *g)
{
	for (size_t i = 0; i < g->nnodes; i++)
		g->nodes[i].degree = 0;
	for (size_t i = 0; i < g->nedges; i++) {
		const struct graph_edge *e = &g->edges[i];
		g->nodes[e->source].degree++;
		if (e->target != e->source)
			g->nodes[e->target].degree++;
	}
}

/* The node standing for hub's peers of one kind. */
static size_t peers_node(struct graph *g, size_t hub, const char *kind)
{
	char *id = xasprintf("peers:%s:%s", g->nodes[hub].id, kind);
	size_t i;

	if (!graph_index_get(&g->node_ids, id, &i)) {
		i = graph_new_node(g, NODE_PEERS, id);
		g->nodes[i].kind = kind;
	}
	free(id);
	return i;
}

/* Folds edge e (of hub to peer) into the hub's edge to its peers node. */
static void fold(struct graph *g, struct graph_index *counted, size_t e, size_t hub, size_t peer)
{
	const char *kind = g->edges[e].kind;
	size_t pn = peers_node(g, hub, kind);
	size_t f = graph_add_edge(g, hub, pn, kind, false, NULL);
	struct graph_edge *folded = &g->edges[f], *edge = &g->edges[e];

	if (folded->count == 1) {
		folded->count = edge->count;
		folded->bytes_known = edge->bytes_known;
		folded->bytes_queued = edge->bytes_queued;
		folded->is_lock = edge->is_lock;
	} else {
		folded->count += edge->count - 1;
		folded->bytes_known = folded->bytes_known && edge->bytes_known;
		folded->bytes_queued = folded->bytes_known ? folded->bytes_queued + edge->bytes_queued : 0;
	}
	folded->deadlock |= edge->deadlock;
	edge->dropped = true;

	char *key = xasprintf("%zu:%zu", pn, peer);
	size_t unused;
	if (!graph_index_get(counted, key, &unused)) {
		graph_index_put(counted, key, 0);
		folded->peers++;
		g->nodes[pn].members++;
	}
	free(key);
}

void graph_fold_hubs(struct graph *g, size_t hubs)
{
	struct graph_index counted = { 0 };
	size_t nedges = g->nedges, nnodes = g->nnodes;

	count_degrees(g);
	for (size_t i = 0; i < nnodes; i++)
		g->nodes[i].hub = g->nodes[i].degree > hubs;
	for (size_t i = 0; i < nedges; i++) {
		size_t s = g->edges[i].source, t = g->edges[i].target;
		bool hs = g->nodes[s].hub, ht = g->nodes[t].hub;
		if (hs && !ht)
			fold(g, &counted, i, s, t);
		else if (ht && !hs)
			fold(g, &counted, i, t, s);
	}
	graph_index_free(&counted);

	/* Only what still has an edge is drawn. */
	bool *linked = xcalloc(g->nnodes ? g->nnodes : 1, sizeof(*linked));
	for (size_t i = 0; i < g->nedges; i++)
		if (!g->edges[i].dropped)
			linked[g->edges[i].source] = linked[g->edges[i].target] = true;
	for (size_t i = 0; i < g->nnodes; i++) {
		struct graph_node *n = &g->nodes[i];
		n->dropped = !linked[i];
		if (n->type == NODE_PEERS)
			n->label = xasprintf("%zu %s peer%s", n->members, n->kind,
					     n->members == 1 ? "" : "s");
	}
	free(linked);
}
