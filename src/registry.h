/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_REGISTRY_H
#define IPCSCOPE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A table of named things (kinds, commands, formats, load factories) as
 * each file keeps its own: an array of pointers to structs whose first
 * member is the name, a `const char *`.  One lookup and one list of names
 * serve every such table.
 */
struct registry {
	const void *table; /* the array of pointers */
	size_t n;
};

#define REGISTRY_OF(array) { .table = (array), .n = sizeof(array) / sizeof((array)[0]) }

/* Item i, or NULL past the end. */
const void *registry_at(const struct registry *r, size_t i);
/* The position of the item called name, or -1. */
int registry_index(const struct registry *r, const char *name);
/* The item called name, or NULL. */
const void *registry_find(const struct registry *r, const char *name);
/*
 * "a, b, c": the names of the items keep(item, arg) accepts (of every item
 * when keep is NULL), for messages and --help.  Joined into buf the first
 * time, cut short if it does not fit; later calls return buf as it is.
 */
const char *registry_names(const struct registry *r,
			   bool (*keep)(const void *item, const void *arg), const void *arg,
			   char *buf, size_t size);

/*
 * "Did you mean": the name closest to a misspelled word among those given
 * to suggestion_consider(), ignoring case.  A name is close when the word
 * begins it, or when at most two letters differ (Damerau's distance: a
 * letter added, dropped, changed, or two neighbours swapped), and no more
 * than one letter in three of the word.  Ties go to the name considered first.
 */
struct suggestion {
	const char *word;
	const char *best; /* NULL while no name is close */
	unsigned score;   /* 0 when the word begins best, else the distance + 1 */
};

void suggestion_start(struct suggestion *s, const char *word);
void suggestion_consider(struct suggestion *s, const char *name);
/* The closest name of the table's items, or NULL. */
const char *registry_suggest(const struct registry *r, const char *word);
/*
 * " did you mean 'best'?", or "" when best is NULL: for a message that goes
 * on with what is valid.  The text lasts until the next call.
 */
const char *did_you_mean(const char *best);
/* The optimal string alignment distance of a and b, ignoring case. */
unsigned edit_distance(const char *a, const char *b);

#endif
