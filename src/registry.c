/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "registry.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const void *registry_at(const struct registry *r, size_t i)
{
	const void *item;

	if (i >= r->n)
		return NULL;
	/*
	 * The element is a pointer to the table's own struct type; copied out
	 * as bytes, it is the same pointer (every object pointer has one
	 * representation on the systems this runs on).
	 */
	memcpy(&item, (const char *)r->table + i * sizeof(item), sizeof(item));
	return item;
}

/* A struct's first member is at its start: here, the name. */
static const char *name_of(const void *item)
{
	return *(const char *const *)item;
}

int registry_index(const struct registry *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(name_of(registry_at(r, i)), name) == 0)
			return (int)i;
	return -1;
}

const void *registry_find(const struct registry *r, const char *name)
{
	int i = registry_index(r, name);

	return i < 0 ? NULL : registry_at(r, (size_t)i);
}

const char *registry_names(const struct registry *r,
			   bool (*keep)(const void *item, const void *arg), const void *arg,
			   char *buf, size_t size)
{
	size_t len = 0;

	if (buf[0])
		return buf;
	for (size_t i = 0; i < r->n && len < size; i++) {
		const void *item = registry_at(r, i);
		if (keep && !keep(item, arg))
			continue;
		int n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", name_of(item));
		if (n < 0)
			break;
		len += (size_t)n;
	}
	return buf;
}

#define SUGGEST_MAX_DISTANCE 2u

unsigned edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	/* Three rows of the table suffice: the swap looks two back. */
	unsigned *rows = calloc(3 * (lb + 1), sizeof(*rows));
	unsigned *two = rows, *one = rows + lb + 1, *cur = rows + 2 * (lb + 1);

	if (!rows)
		return UINT_MAX;
	for (size_t j = 0; j <= lb; j++)
		one[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = (unsigned)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned change = tolower((unsigned char)a[i - 1]) != tolower((unsigned char)b[j - 1]);
			unsigned best = one[j - 1] + change;
			if (one[j] + 1 < best)
				best = one[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 && change &&
			    tolower((unsigned char)a[i - 1]) == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == tolower((unsigned char)b[j - 1]) &&
			    two[j - 2] + 1 < best)
				best = two[j - 2] + 1;
			cur[j] = best;
		}
		unsigned *spare = two;
		two = one;
		one = cur;
		cur = spare;
	}
	unsigned d = one[lb];
	free(rows);
	return d;
}

void suggestion_start(struct suggestion *s, const char *word)
{
	*s = (struct suggestion){ .word = word, .best = NULL, .score = UINT_MAX };
}

void suggestion_consider(struct suggestion *s, const char *name)
{
	size_t len = strlen(s->word);
	unsigned score;

	if (len && strncasecmp(name, s->word, len) == 0) {
		score = 0;
	} else {
		unsigned d = edit_distance(s->word, name);
		/* "lsit" is list, but "NOPE" is not NAME: one letter in three at most. */
		if (d > SUGGEST_MAX_DISTANCE || 3 * d > len)
			return;
		score = d + 1;
	}
	if (score < s->score) {
		s->best = name;
		s->score = score;
	}
}

const char *registry_suggest(const struct registry *r, const char *word)
{
	struct suggestion s;

	suggestion_start(&s, word);
	for (size_t i = 0; i < r->n; i++)
		suggestion_consider(&s, name_of(registry_at(r, i)));
	return s.best;
}

const char *did_you_mean(const char *best)
{
	static char text[128];

	if (!best)
		return "";
	snprintf(text, sizeof(text), " did you mean '%s'?", best);
	return text;
}
