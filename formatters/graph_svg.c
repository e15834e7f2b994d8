/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The graph laid out and drawn as SVG by the Graphviz library, from the
 * very DOT text the dot format writes, so the two never tell different
 * stories.  Its dot layout and core (SVG) plugins are loaded by name from
 * their files and handed to it, not loaded from Graphviz's configuration: that would bring its
 * pango text plugin, whose font caches are never freed, and make the
 * picture depend on the fonts installed.  Text is measured by Graphviz's
 * own font metrics instead.  Everything Graphviz allocates is handed back
 * before returning.
 */
#include "format_writers.h"
#include "util.h"

#include <dlfcn.h>
#include <errno.h>
#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>
#include <stdio.h>
#include <stdlib.h>

/* A plugin's library, loaded from the file the build found (CMakeLists.txt); NULL after saying why. */
static void *plugin_library(const char *file, const char *symbol)
{
	/* Kept loaded: Graphviz refers to it until the process ends. */
	void *handle = dlopen(file, RTLD_NOW | RTLD_LOCAL);
	void *library = handle ? dlsym(handle, symbol) : NULL;

	if (!library)
		msg_error("cannot load Graphviz's plugin %s: %s", file, dlerror());
	return library;
}

static int render(const char *dot, FILE *out)
{
	lt_symlist_t plugins[] = {
		{ "gvplugin_dot_layout_LTX_library",
		  plugin_library(GRAPHVIZ_DOT_LAYOUT_PLUGIN, "gvplugin_dot_layout_LTX_library") },
		{ "gvplugin_core_LTX_library",
		  plugin_library(GRAPHVIZ_CORE_PLUGIN, "gvplugin_core_LTX_library") },
		{ NULL, NULL },
	};
	if (!plugins[0].address || !plugins[1].address) {
		errno = ECANCELED;
		return -1;
	}
	GVC_t *gvc = gvContextPlugins(plugins, 0);
	Agraph_t *g = agmemread(dot);
	char *svg = NULL;
	unsigned int len = 0;
	int status = -1;

	if (!g) {
		msg_error("graphviz could not read the graph");
		errno = ECANCELED;
		goto done;
	}
	if (gvLayout(gvc, g, "dot") != 0) {
		msg_error("graphviz could not lay the graph out");
		errno = ECANCELED;
		goto done;
	}
	if (gvRenderData(gvc, g, "svg", &svg, &len) != 0) {
		msg_error("graphviz could not draw the graph as SVG");
		errno = ECANCELED;
	} else if (fwrite(svg, 1, len, out) == len && fflush(out) == 0) {
		status = 0;
	}
	gvFreeRenderData(svg);
	gvFreeLayout(gvc, g);
done:
	if (g)
		agclose(g);
	gvFreeContext(gvc);
	return status;
}

static int svg_print_graph(const struct graph *g, const struct snapshot *snap, FILE *out)
{
	char *dot = NULL;
	size_t size = 0;
	FILE *text = open_memstream(&dot, &size);
	int status = -1;

	if (!text)
		return -1;
	int printed = dot_print_graph(g, snap, text);

	if (fclose(text) != 0)
		printed = -1;
	if (printed == 0)
		status = render(dot, out);
	free(dot);
	return status;
}

const struct formatter formatter_svg = {
	.name = "svg",
	.help = "the graph laid out and drawn by Graphviz, as SVG",
	.graph = svg_print_graph,
};
