/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope graph: who talks to whom, as a picture.  Processes (or their
 * commands, containers or users) are nodes; the pipes, sockets, shared
 * objects and locks between them are edges, merged per kind and pair.
 */
#include "commands.h"
#include "formatters.h"
#include "graph.h"
#include "report_options.h"
#include "selection.h"
#include "selection_options.h"
#include "snapshot.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A machine's usual hubs (dbus-daemon, systemd, X) have more edges than this; most processes far fewer. */
#define DEFAULT_HUBS 30

struct graph_command_options {
	struct selection sel;
	const struct formatter *fmt; /* NULL: none chosen */
	struct graph_options graph;
};

static int apply_format(void *fmt, const char *arg)
{
	const struct formatter *f = formatter_find(arg, DOC_GRAPH);

	if (!f) {
		msg_error("unknown format '%s'; valid formats: %s", arg, formatters_names(DOC_GRAPH));
		return -1;
	}
	*(const struct formatter **)fmt = f;
	return 0;
}

static int apply_group(void *grouping, const char *arg)
{
	int g = graph_grouping_parse(arg);

	if (g < 0) {
		msg_error("unknown group '%s'; --group takes one of: %s", arg, graph_grouping_names());
		return -1;
	}
	*(enum graph_grouping *)grouping = (enum graph_grouping)g;
	return 0;
}

static int apply_hubs(void *hubs, const char *arg)
{
	uint64_t n;

	if (parse_u64(arg, &n) < 0 || n > SIZE_MAX) {
		msg_error("--hubs takes a number of edges, not '%s'", arg);
		return -1;
	}
	*(size_t *)hubs = (size_t)n;
	return 0;
}

static const char *graph_format_names(void)
{
	return formatters_names(DOC_GRAPH);
}

static const char *default_hubs(void)
{
	static char text[16];

	snprintf(text, sizeof(text), "%d", DEFAULT_HUBS);
	return text;
}

extern const struct command command_graph;

static int run_graph(int argc, char **argv)
{
	struct graph_command_options o = { .graph = { .hubs = DEFAULT_HUBS } };
	struct snapshot snap = { 0 };
	struct graph g = { 0 };
	int first, status = option_parse(&command_graph, &o, argc, argv, &first);

	if (status >= 0)
		goto done;
	status = EXIT_USAGE;
	if (selection_add_kind_operands(&o.sel, argc, argv, first) < 0)
		goto done;
	selection_default_kinds(&o.sel);
	if (!o.sel.kinds)
		graph_select_kinds(&o.sel);
	if (selection_check_filter(&o.sel) < 0)
		goto done;
	if (!o.fmt) {
		/* SVG on a terminal is noise: say how to keep it instead. */
		if (isatty(STDOUT_FILENO)) {
			msg_error("the graph is for another program or a file; e.g.\n"
				  "  ipcscope graph --format svg > ipc.svg\n"
				  "  ipcscope graph | dot -Tpng > ipc.png");
			goto done;
		}
		o.fmt = formatter_find("dot", DOC_GRAPH);
	}

	status = EXIT_RUNTIME;
	if (snapshot_build(&snap, &o.sel) < 0)
		goto done;
	snapshot_report(&snap);
	graph_build(&g, &snap, &o.graph);
	if (o.fmt->graph(&g, &snap, stdout) < 0) {
		if (errno != EPIPE && errno != ECANCELED)
			msg_error("write error: %s", strerror(errno));
		goto done;
	}
	status = EXIT_OK;
done:
	graph_free(&g);
	snapshot_free(&snap);
	selection_free(&o.sel);
	return status;
}

static const struct option_spec graph_options[] = {
	SELECTION_OPTIONS(struct graph_command_options, sel),
	OPTION_GROUP("Output"),
	{ "format", 'F', "FORMAT", "%s (default dot, when not on a terminal)",
	  .help_value = graph_format_names, .apply = apply_format,
	  .field = offsetof(struct graph_command_options, fmt) },
	{ "group", 0, "BY", "one node per process (default), command, container\nor user",
	  .apply = apply_group, .field = offsetof(struct graph_command_options, graph.grouping) },
	{ "hubs", 0, "N", "a node with more than N edges (default %s) is a hub:\n"
	  "its edges fold into one per kind",
	  .help_value = default_hubs, .apply = apply_hubs,
	  .field = offsetof(struct graph_command_options, graph.hubs) },
	QUIET_OPTION,
	OPTION_HELP,
	OPTION_END,
};

const struct command command_graph = {
	.name = "graph",
	.document = DOC_GRAPH,
	.summary = "draw which processes talk to which, as DOT, SVG or JSON",
	.usage = "[options] [KIND...]",
	.description = "Draw the processes as nodes and the pipes, sockets, shared objects and locks\n"
		       "between them as edges (a lock's from its holder to its waiter, red in a deadlock).\n"
		       "Containers are clusters; hubs fold their edges into one per kind.",
	.options = graph_options,
	.epilogue = "With no --format, the DOT text goes to a pipe or file; on a terminal nothing is\n"
		    "drawn and the exit status is 2: e.g. 'ipcscope graph --format svg > ipc.svg'.",
	.run = run_graph,
};
