/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The graph as Graphviz DOT.  Every name in it comes from other users, so
 * each label is escaped twice over: as text_escape() writes names
 * everywhere (no byte a terminal or an XML parser would act on), then for
 * a DOT string, where a quote or backslash would end or change it and '&'
 * would start an entity that Graphviz replaces.  Node names are n0, n1...:
 * never made of anything a user chose.
 */
#include "format_writers.h"
#include "graph.h"
#include "jsonw.h"
#include "text_escape.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s as the inside of a DOT string; NULL for "?". */
static void put_label_text(FILE *out, const char *s)
{
	char *safe = text_escape(s ? s : "?");
	/* Graphviz reads UTF-8: a locale of another charset leaves other bytes, which go as \xHH. */
	bool utf8 = jw_is_utf8(safe);

	for (const unsigned char *p = (const unsigned char *)safe; *p; p++) {
		if (*p == '"' || *p == '\\')
			fprintf(out, "\\%c", *p);
		else if (*p == '&')
			fputs("&amp;", out);
		else if (*p >= 0x80 && !utf8)
			fprintf(out, "\\\\x%02x", *p);
		else
			putc(*p, out);
	}
	free(safe);
}

static const char *kind_color(const char *kind)
{
	static const struct {
		const char *kind, *color;
	} colors[] = {
		{ "pipe", "#1f77b4" },     { "fifo", "#1f77b4" },      { "unix", "#2ca02c" },
		{ "tcp", "#ff7f0e" },      { "udp", "#ff7f0e" },       { "sysv_shm", "#9467bd" },
		{ "sysv_msg", "#8c564b" }, { "sysv_sem", "#e377c2" },  { "posix_shm", "#9467bd" },
		{ "posix_sem", "#e377c2" }, { "posix_mq", "#8c564b" }, { "lock", "#444444" },
	};

	for (size_t i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (strcmp(colors[i].kind, kind) == 0)
			return colors[i].color;
	return "#000000";
}

static void put_node(FILE *out, const struct graph_node *n, size_t i, const char *indent)
{
	fprintf(out, "%sn%zu [label=\"", indent, i);
	put_label_text(out, n->label);
	switch (n->type) {
	case NODE_PROCESS:
		fputs("\\n", out);
		put_label_text(out, n->user);
		fputs("\"", out);
		break;
	case NODE_GROUP:
		fprintf(out, "\\n%zu process%s\", style=\"rounded,filled\", fillcolor=\"#eeeeee\"",
			n->members, n->members == 1 ? "" : "es");
		break;
	case NODE_OBJECT:
		fprintf(out, "\", shape=ellipse, fontsize=8, color=\"%s\"", kind_color(n->kind));
		break;
	case NODE_PEERS:
		fprintf(out, "\", shape=box, style=dashed, color=\"%s\"", kind_color(n->kind));
		break;
	}
	if (n->hub)
		fputs(", penwidth=2", out);
	fputs("];\n", out);
}

static void put_edge(FILE *out, const struct graph_edge *e)
{
	char *label = graph_edge_label(e);

	fprintf(out, "\tn%zu -> n%zu [label=\"", e->source, e->target);
	put_label_text(out, label);
	fprintf(out, "\", color=\"%s\"", e->deadlock ? "red" : kind_color(e->kind));
	if (e->deadlock)
		fputs(", fontcolor=red, penwidth=2", out);
	if (!e->directed)
		fputs(", dir=none", out);
	if (e->count > 1 || e->peers)
		fputs(", style=bold", out);
	fputs("];\n", out);
	free(label);
}

/* Containers are clusters; --group container makes each its own node instead. */
static bool in_cluster(const struct graph *g, const struct graph_node *n)
{
	return g->grouping != GROUP_CONTAINER && n->container && !n->dropped;
}

int dot_print_graph(const struct graph *g, const struct snapshot *snap, FILE *out)
{
	bool *placed = xcalloc(g->nnodes ? g->nnodes : 1, sizeof(*placed));
	size_t clusters = 0;

	(void)snap;
	fputs("digraph ipcscope {\n"
	      "\tgraph [rankdir=LR, fontname=\"sans-serif\", fontsize=10];\n"
	      "\tnode [shape=box, style=rounded, fontname=\"sans-serif\", fontsize=10];\n"
	      "\tedge [fontname=\"sans-serif\", fontsize=8];\n",
	      out);
	for (size_t i = 0; i < g->nnodes; i++) {
		const struct graph_node *c = &g->nodes[i];
		if (placed[i] || !in_cluster(g, c))
			continue;
		fprintf(out, "\tsubgraph cluster_%zu {\n\t\tlabel=\"", clusters++);
		put_label_text(out, c->container);
		fputs("\";\n\t\tstyle=dashed;\n", out);
		for (size_t j = i; j < g->nnodes; j++)
			if (!placed[j] && in_cluster(g, &g->nodes[j]) &&
			    strcmp(g->nodes[j].container, c->container) == 0) {
				placed[j] = true;
				put_node(out, &g->nodes[j], j, "\t\t");
			}
		fputs("\t}\n", out);
	}
	for (size_t i = 0; i < g->nnodes; i++)
		if (!placed[i] && !g->nodes[i].dropped)
			put_node(out, &g->nodes[i], i, "\t");
	for (size_t i = 0; i < g->nedges; i++)
		if (!g->edges[i].dropped)
			put_edge(out, &g->edges[i]);
	fputs("}\n", out);
	free(placed);
	return fflush(out) == 0 && !ferror(out) ? 0 : -1;
}

const struct formatter formatter_dot = {
	.name = "dot",
	.help = "Graphviz DOT, for dot -Tsvg, -Tpng",
	.graph = dot_print_graph,
};
