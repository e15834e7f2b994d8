/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "graph_index.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of key, or of the empty slot where it would go; nslots is a power of two. */
static size_t slot_of(const struct graph_index *ix, const char *key)
{
	size_t mask = ix->nslots - 1, i = hash_text(key) & mask;

	while (ix->keys[i] && strcmp(ix->keys[i], key) != 0)
		i = (i + 1) & mask;
	return i;
}

bool graph_index_get(const struct graph_index *ix, const char *key, size_t *value)
{
	if (!ix->nslots)
		return false;
	size_t i = slot_of(ix, key);
	if (!ix->keys[i])
		return false;
	*value = ix->values[i];
	return true;
}

static void grow(struct graph_index *ix)
{
	struct graph_index bigger = { .nslots = ix->nslots ? ix->nslots * 2 : 64, .n = ix->n };

	bigger.keys = xcalloc(bigger.nslots, sizeof(*bigger.keys));
	bigger.values = xcalloc(bigger.nslots, sizeof(*bigger.values));
	for (size_t i = 0; i < ix->nslots; i++)
		if (ix->keys[i]) {
			size_t j = slot_of(&bigger, ix->keys[i]);
			bigger.keys[j] = ix->keys[i];
			bigger.values[j] = ix->values[i];
		}
	free(ix->keys);
	free(ix->values);
	*ix = bigger;
}

void graph_index_put(struct graph_index *ix, const char *key, size_t value)
{
	/* At most half full, so a probe stays short. */
	if ((ix->n + 1) * 2 > ix->nslots)
		grow(ix);
	size_t i = slot_of(ix, key);
	ix->keys[i] = xstrdup(key);
	ix->values[i] = value;
	ix->n++;
}

void graph_index_free(struct graph_index *ix)
{
	for (size_t i = 0; i < ix->nslots; i++)
		free(ix->keys[i]);
	free(ix->keys);
	free(ix->values);
	*ix = (struct graph_index){ 0 };
}
