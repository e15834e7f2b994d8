/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The graph built by hand from processes nobody needs to run: edges merged
 * with a count, groups, hubs folded, containers as clusters, and every
 * hostile byte of a name kept out of DOT's syntax.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "format_writers.h"
#include "graph.h"
#include "procindex.h"
#include "snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct proc_info procs[] = {
	{ .pid = 10, .uid = 0, .command = "bus", .user = "root" },
	{ .pid = 11, .uid = 1000, .command = "app", .user = "ann", .container = "docker:0123456789ab" },
	{ .pid = 12, .uid = 1000, .command = "app", .user = "ann", .container = "docker:0123456789ab" },
	{ .pid = 13, .uid = 1001, .command = "q\"b\\c&<x>\n\x1b\xff", .user = NULL },
};

static char *dot_text(const struct graph *g)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);
	struct snapshot snap = { 0 };

	assert_non_null(out);
	assert_int_equal(dot_print_graph(g, &snap, out), 0);
	assert_int_equal(fclose(out), 0);
	return text;
}

static void merged_with_a_count(void **state)
{
	(void)state;
	struct graph g = { .grouping = GROUP_PROCESS };
	size_t a = graph_process_node(&g, &procs[0]), b = graph_process_node(&g, &procs[1]);

	assert_int_equal(graph_process_node(&g, &procs[0]), a);
	size_t e = graph_add_edge(&g, a, b, "pipe", true, strdup("x"));
	assert_int_equal(graph_add_edge(&g, a, b, "pipe", true, strdup("x")), e);
	/* The other way round is another edge of a directed kind, the same of an undirected one. */
	assert_int_not_equal(graph_add_edge(&g, b, a, "pipe", true, NULL), e);
	size_t u = graph_add_edge(&g, a, b, "unix", false, strdup("stream"));
	assert_int_equal(graph_add_edge(&g, b, a, "unix", false, strdup("dgram")), u);
	assert_int_equal(g.edges[e].count, 2);
	assert_string_equal(g.edges[e].detail, "x");
	/* Details that differ are dropped rather than one of them shown for both. */
	assert_null(g.edges[u].detail);
	char *label = graph_edge_label(&g.edges[u]);
	assert_string_equal(label, "unix x2");
	free(label);
	assert_string_equal(g.nodes[b].label, "11/app");
	assert_string_equal(g.nodes[b].container, "docker:0123456789ab");
	graph_free(&g);
}

static void groups_of_processes(void **state)
{
	(void)state;
	struct graph g = { .grouping = GROUP_COMMAND };
	size_t one = graph_process_node(&g, &procs[1]);

	assert_int_equal(graph_process_node(&g, &procs[2]), one);
	assert_int_equal(graph_process_node(&g, &procs[2]), one); /* counted once */
	assert_int_equal(g.nodes[one].type, NODE_GROUP);
	assert_int_equal(g.nodes[one].members, 2);
	assert_string_equal(g.nodes[one].id, "command:app");
	assert_false(g.nodes[one].has_pid);
	assert_string_equal(g.nodes[one].container, "docker:0123456789ab");
	graph_free(&g);

	/* A container is the node's only while every member is in it: the host is no exception. */
	struct graph_node n = { 0 };
	graph_node_add_container(&n, NULL, true);
	graph_node_add_container(&n, "docker:0123456789ab", false);
	assert_null(n.container);
	graph_node_add_container(&n, NULL, false);
	assert_null(n.container);
	n = (struct graph_node){ 0 };
	graph_node_add_container(&n, "lxc:web", true);
	graph_node_add_container(&n, "lxc:web", false);
	assert_string_equal(n.container, "lxc:web");
	graph_node_add_container(&n, NULL, false);
	assert_null(n.container);
	graph_node_add_container(&n, "lxc:web", false);
	assert_null(n.container);

	g = (struct graph){ .grouping = GROUP_USER };
	size_t root = graph_process_node(&g, &procs[0]);
	size_t nameless = graph_process_node(&g, &procs[3]);
	assert_string_equal(g.nodes[root].id, "user:root");
	assert_string_equal(g.nodes[nameless].id, "user:1001");
	graph_free(&g);
}

static void hub_folds_into_peers(void **state)
{
	(void)state;
	struct graph g = { .grouping = GROUP_PROCESS };
	struct proc_info many[5];
	size_t hub = graph_process_node(&g, &procs[0]);

	for (int i = 0; i < 5; i++) {
		many[i] = (struct proc_info){ .pid = 100 + i, .command = "client", .user = "ann" };
		graph_add_edge(&g, hub, graph_process_node(&g, &many[i]), "unix", false, NULL);
	}
	/* A client with an edge of its own stays, with that edge. */
	size_t other = graph_process_node(&g, &procs[1]);
	size_t kept = graph_add_edge(&g, 2, other, "pipe", true, NULL);
	graph_fold_hubs(&g, 3);

	assert_true(g.nodes[hub].hub);
	size_t folded = (size_t)-1, live = 0;
	for (size_t i = 0; i < g.nedges; i++)
		if (!g.edges[i].dropped) {
			live++;
			if (g.edges[i].peers)
				folded = i;
		}
	assert_int_equal(live, 2);
	assert_int_not_equal(folded, (size_t)-1);
	assert_int_equal(g.edges[folded].peers, 5);
	assert_int_equal(g.edges[folded].count, 5);
	assert_false(g.edges[kept].dropped);
	const struct graph_node *peers = &g.nodes[g.edges[folded].target];
	assert_int_equal(peers->type, NODE_PEERS);
	assert_string_equal(peers->label, "5 unix peers");
	char *label = graph_edge_label(&g.edges[folded]);
	assert_string_equal(label, "unix: 5 peers");
	free(label);
	/* Clients left with no edge are not drawn; the one with a pipe is. */
	assert_false(g.nodes[2].dropped);
	assert_true(g.nodes[3].dropped);
	graph_free(&g);
}

static void containers_are_clusters(void **state)
{
	(void)state;
	struct graph g = { .grouping = GROUP_PROCESS };
	size_t host = graph_process_node(&g, &procs[0]);
	size_t c1 = graph_process_node(&g, &procs[1]), c2 = graph_process_node(&g, &procs[2]);

	graph_add_edge(&g, host, c1, "unix", false, NULL);
	graph_add_edge(&g, c1, c2, "pipe", true, NULL);
	graph_fold_hubs(&g, 30);
	char *text = dot_text(&g);
	const char *cluster = strstr(text, "subgraph cluster_0 {");
	assert_non_null(cluster);
	assert_non_null(strstr(cluster, "label=\"docker:0123456789ab\""));
	/* Both of its processes inside, the host's outside. */
	const char *end = strchr(cluster, '}');
	assert_non_null(end);
	const char *n1 = strstr(text, "n1 [label="), *n2 = strstr(text, "n2 [label=");
	const char *n0 = strstr(text, "n0 [label=");
	assert_true(n1 > cluster && n1 < end && n2 > cluster && n2 < end);
	assert_true(n0 > end);
	assert_null(strstr(end + 1, "subgraph"));
	free(text);
	graph_free(&g);
}

/* Quotes, backslashes, '&', controls and a byte of no character: none ends or bends a DOT string. */
static void hostile_names_stay_inside_labels(void **state)
{
	(void)state;
	struct graph g = { .grouping = GROUP_PROCESS };
	size_t a = graph_process_node(&g, &procs[3]), b = graph_process_node(&g, &procs[0]);

	graph_add_edge(&g, a, b, "unix", false, strdup("stream @\"}\n];digraph x {"));
	graph_fold_hubs(&g, 30);
	char *text = dot_text(&g);
	assert_non_null(strstr(text, "n0 [label=\"13/q\\\"b\\\\c&amp;<x>\\\\x0a\\\\x1b\\\\xff\\n1001\"];"));
	assert_non_null(strstr(text, "[label=\"unix stream @\\\"}\\\\x0a];digraph x {\""));
	/* One graph, every line of it ours: nothing a name held started a line. */
	char *line = text;
	int lines = 0;
	for (char *nl; (nl = strchr(line, '\n')); line = nl + 1, lines++)
		assert_true(strncmp(line, "digraph ", 8) == 0 || line[0] == '\t' || line[0] == '}');
	assert_int_equal(lines, 8);
	free(text);
	graph_free(&g);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(merged_with_a_count),
		cmocka_unit_test(groups_of_processes),
		cmocka_unit_test(hub_folds_into_peers),
		cmocka_unit_test(containers_are_clusters),
		cmocka_unit_test(hostile_names_stay_inside_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
