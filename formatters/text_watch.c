/* SPDX-License-Identifier: GPL-2.0-or-later */
/* watch without --ndjson: one line per event, values written as the table writes them. */
#include "columns.h"
#include "format_writers.h"
#include "ipc_object.h"
#include "kinds.h"
#include "snapshot_diff.h"
#include "table_fit.h"
#include "text_escape.h"
#include "text_width.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The lines after an event's first start this far in, to read as part of it. */
#define WATCH_INDENT 4

/* The member's table text: a kind's attribute by its own column, else the common column. */
static char *member_text(const struct ipc_object *obj, const char *key)
{
	const char *column = key;

	for (size_t i = 0; i < obj->kind->nattrs; i++)
		if (strcmp(obj->kind->attrs[i]->json, key) == 0)
			column = obj->kind->attrs[i]->column;
	const struct column *col = column_find(column);
	char *cell = col ? column_cell(col, obj) : NULL;
	/* A name, a holder's command, a reason quoting a path: all from other users. */
	char *text = text_escape(cell);
	free(cell);
	return text;
}

/* " BEFORETEXTAFTER" when the object has a value for the column. */
static void put_column(FILE *out, const char *before, const struct ipc_object *obj,
		       const char *key, const char *after)
{
	char *text = member_text(obj, key);

	if (text)
		fprintf(out, " %s%s%s", before, text, after);
	free(text);
}

static void put_holders(FILE *out, char sign, const struct ipc_holder *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *held = holders_text(&h[i], 1);
		char *text = text_escape(held);
		free(held);
		fprintf(out, " %c%s", sign, text ? text : "?");
		free(text);
	}
}

static void put_change(FILE *out, const struct object_diff *d, const char *key)
{
	if (strcmp(key, "holders") == 0) {
		fputs("holders", out);
		put_holders(out, '+', d->joined, d->njoined);
		put_holders(out, '-', d->left, d->nleft);
		return;
	}
	char *was = member_text(d->old, key), *is = member_text(d->now, key);
	fprintf(out, "%s %s -> %s", key, was ? was : "-", is ? is : "-");
	free(was);
	free(is);
}

/* "TIME changed sysv_shm 3 0x0a11ce01: nattch 1 -> 2; holders +4243/demo[map r]";
 * "TIME created pipe 9001 (0 of 64K queued) 4242/app[3w] in docker:0123456789ab" */
static void put_event(const char *time, const struct object_diff *d, FILE *out)
{
	const struct ipc_object *obj = d->now ? d->now : d->old;

	char *id = text_escape(obj->id);
	fprintf(out, "%s %s %s %s", time, diff_event_name(d->event), obj->kind->name, id ? id : "?");
	free(id);
	put_column(out, "", obj, "name", "");
	if (d->event != DIFF_CHANGED) {
		put_column(out, "(", obj, "summary", ")");
		put_column(out, "", obj, "holders", "");
		put_column(out, "in ", obj, "container", "");
	}
	for (size_t i = 0; i < d->nkeys; i++) {
		fputs(i ? "; " : ": ", out);
		put_change(out, d, d->keys[i]);
	}
}

/* On a terminal an event longer than a line goes on more, the later ones indented. */
static void put_wrapped(const char *line, size_t n, size_t width, FILE *out)
{
	size_t at = 0;

	do {
		size_t room = at ? width - WATCH_INDENT : width, next;
		size_t len = text_wrap_line(line + at, n - at, room, &next);
		if (at)
			fprintf(out, "%*s", WATCH_INDENT, "");
		fwrite(line + at, 1, len, out);
		putc('\n', out);
		at += next;
	} while (at < n);
}

int text_print_watch_event(const char *time, const struct object_diff *d, FILE *out)
{
	if (!isatty(fileno(out))) {
		put_event(time, d, out);
		putc('\n', out);
		return ferror(out) ? -1 : 0;
	}
	char *line = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&line, &len);
	if (!mem)
		return -1;
	put_event(time, d, mem);
	if (fclose(mem) != 0) {
		free(line);
		return -1;
	}
	size_t width = table_terminal_width(NULL, out);
	put_wrapped(line, len, width > WATCH_INDENT + 20 ? width : WATCH_INDENT + 20, out);
	free(line);
	return ferror(out) ? -1 : 0;
}
