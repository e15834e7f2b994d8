/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "lock_table.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 64

static void push(struct lock_table *t, const struct lock_entry *e)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->v = xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	t->v[t->n++] = *e;
}

void lock_table_read(FILE *f, struct lock_table *t)
{
	char *line = NULL;
	size_t cap = 0;
	/* The last line at each depth under the current lock, valid up to `deepest`. */
	size_t at_depth[MAX_DEPTH];
	unsigned deepest = 0;
	bool have_top = false;
	unsigned seq = 0;

	while (getline(&line, &cap, f) >= 0) {
		struct lock_entry e = { 0 };
		if (line[0] == '\n' || line[0] == '\0')
			continue;
		if (lock_line_parse(line, &e.line) < 0 || e.line.depth >= MAX_DEPTH) {
			t->malformed++;
			continue;
		}
		unsigned d = e.line.depth;
		if (d == 0) {
			e.top = e.blocker = t->n;
			have_top = true;
			seq = 0;
		} else if (have_top && t->v[at_depth[0]].line.id == e.line.id && d <= deepest + 1) {
			/* A request sits under the lock of its number, one level below its blocker. */
			e.top = at_depth[0];
			e.blocker = at_depth[d - 1];
			e.seq = ++seq;
		} else {
			t->malformed++;
			continue;
		}
		at_depth[d] = t->n;
		deepest = d;
		push(t, &e);
	}
	free(line);
}

void lock_table_free(struct lock_table *t)
{
	free(t->v);
	*t = (struct lock_table){ 0 };
}

struct lock_line *fdinfo_locks(FILE *f, size_t *n, size_t *malformed)
{
	char *line = NULL;
	size_t cap = 0, have = 0;
	struct lock_line *v = NULL;

	*n = 0;
	while (getline(&line, &cap, f) >= 0) {
		struct lock_line l;
		if (strncmp(line, "lock:", 5) != 0)
			continue;
		if (lock_line_parse(line + 5 + strspn(line + 5, " \t"), &l) < 0) {
			if (malformed)
				(*malformed)++;
			continue;
		}
		if (*n == have) {
			have = have ? have * 2 : 4;
			v = xreallocarray(v, have, sizeof(*v));
		}
		v[(*n)++] = l;
	}
	free(line);
	return v;
}
