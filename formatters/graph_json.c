/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The graph as one JSON document for other programs (d3 and the like):
 * {"schema": "ipcscope-graph/1", "nodes", "edges", "unreadable",
 * "warnings"}, described by schema/ipcscope-graph.json and the man page.
 * Edges name their ends by the nodes' ids.
 */
#include "format_writers.h"
#include "graph.h"
#include "json_document.h"
#include "jsonw.h"
#include "snapshot.h"

#include <stdlib.h>

static void put_count(struct jsonw *w, const char *key, bool known, size_t n)
{
	jw_key(w, key);
	if (known)
		jw_u64(w, n);
	else
		jw_null(w);
}

static void put_node(struct jsonw *w, const struct graph_node *n)
{
	jw_object_begin(w);
	jw_key(w, "id");
	jw_string(w, n->id);
	jw_key(w, "type");
	jw_string(w, graph_node_type_name(n->type));
	jw_key(w, "label");
	jw_string(w, n->label);
	jw_key(w, "pid");
	if (n->has_pid)
		jw_i64(w, n->pid);
	else
		jw_null(w);
	jw_key(w, "command");
	jw_string(w, n->command);
	jw_key(w, "user");
	jw_string(w, n->user);
	jw_key(w, "container");
	jw_string(w, n->container);
	jw_key(w, "kind");
	jw_string(w, n->kind);
	put_count(w, "processes", n->type == NODE_GROUP, n->members);
	put_count(w, "peers", n->type == NODE_PEERS, n->members);
	jw_key(w, "hub");
	jw_bool(w, n->hub);
	jw_object_end(w);
}

static void put_edge(struct jsonw *w, const struct graph *g, const struct graph_edge *e)
{
	char *label = graph_edge_label(e);

	jw_object_begin(w);
	jw_key(w, "source");
	jw_string(w, g->nodes[e->source].id);
	jw_key(w, "target");
	jw_string(w, g->nodes[e->target].id);
	jw_key(w, "kind");
	jw_string(w, e->kind);
	jw_key(w, "directed");
	jw_bool(w, e->directed);
	jw_key(w, "count");
	jw_u64(w, e->count);
	jw_key(w, "label");
	jw_string(w, label);
	jw_key(w, "bytes_queued");
	if (e->bytes_known)
		jw_u64(w, e->bytes_queued);
	else
		jw_null(w);
	jw_key(w, "deadlock");
	if (e->is_lock)
		jw_bool(w, e->deadlock);
	else
		jw_null(w);
	put_count(w, "peers", e->peers > 0, e->peers);
	jw_object_end(w);
	free(label);
}

int json_print_graph(const struct graph *g, const struct snapshot *snap, FILE *out)
{
	struct jsonw w;

	jw_init(&w, out);
	jw_object_begin(&w);
	jw_key(&w, "schema");
	jw_string(&w, IPCSCOPE_GRAPH_SCHEMA);
	jw_key(&w, "nodes");
	jw_array_begin(&w);
	for (size_t i = 0; i < g->nnodes; i++)
		if (!g->nodes[i].dropped) {
			putc('\n', out);
			put_node(&w, &g->nodes[i]);
		}
	putc('\n', out);
	jw_array_end(&w);
	jw_key(&w, "edges");
	jw_array_begin(&w);
	for (size_t i = 0; i < g->nedges; i++)
		if (!g->edges[i].dropped) {
			putc('\n', out);
			put_edge(&w, g, &g->edges[i]);
		}
	putc('\n', out);
	jw_array_end(&w);
	return json_document_end(&w, &snap->index, &snap->warnings);
}
