/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_GRAPH_INDEX_H
#define IPCSCOPE_GRAPH_INDEX_H

#include <stdbool.h>
#include <stddef.h>

/* Strings to indexes, for finding a graph's node or edge by its key in constant time. */
struct graph_index {
	char **keys;
	size_t *values;
	size_t nslots, n;
};

/* Whether key is there; its value in *value if so. */
bool graph_index_get(const struct graph_index *ix, const char *key, size_t *value);
/* Adds key (copied), which must not be there yet. */
void graph_index_put(struct graph_index *ix, const char *key, size_t value);
void graph_index_free(struct graph_index *ix);

#endif
