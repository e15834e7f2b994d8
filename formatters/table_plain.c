/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The object table when nothing is cut: into a pipe or a file, each column
 * as wide as its widest cell.  libsmartcols keeps a copy of every cell and
 * measures each one with the multibyte functions; with the width of a whole
 * machine's objects known after one pass, the rows are written here from
 * one arena of their text instead, the same bytes libsmartcols writes.
 * A cell whose width needs more than printable ASCII and UTF-8 to tell is
 * left to libsmartcols, which encodes what a terminal must not see.
 */
#include "table_plain.h"
#include "columns.h"
#include "ipc_object.h"
#include "snapshot.h"
#include "text_width.h"
#include "util.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Every cell's text, back to back; cell (row, column) starts at start[row * ncolumns + column]. */
struct arena {
	char *text;
	size_t len, cap;
	size_t *start; /* one more than the cells: the end of the last */
	size_t *widths; /* display width per column */
};

static void arena_put(struct arena *a, const char *s, size_t n)
{
	if (a->len + n > a->cap) {
		a->cap = (a->len + n) * 2 + 4096;
		a->text = xreallocarray(a->text, a->cap, 1);
	}
	memcpy(a->text + a->len, s, n);
	a->len += n;
}

static void widen(struct arena *a, size_t c, long w)
{
	if ((size_t)w > a->widths[c])
		a->widths[c] = (size_t)w;
}

/*
 * libsmartcols' rule where nothing is cut: at least the heading (even
 * with the headings off) and one column; a column narrower than its hint,
 * and whose heading is too, is widened to the hint.
 */
static void settle_width(struct arena *a, const struct column *col, size_t c)
{
	size_t least = (size_t)text_width(col->name, strlen(col->name));

	if (least < 1)
		least = 1;
	if (a->widths[c] < least)
		a->widths[c] = least;
	else if (col->width_hint >= 1 && a->widths[c] < (size_t)col->width_hint &&
		 least < (size_t)col->width_hint)
		a->widths[c] = (size_t)col->width_hint;
}

/* Formats every cell once; false when one must go to libsmartcols instead. */
static bool fill(struct arena *a, const struct snapshot *snap, const struct output_options *opts)
{
	size_t nc = opts->ncolumns, cell = 0;

	for (size_t i = 0; i < snap->nobjects; i++) {
		for (size_t c = 0; c < nc; c++) {
			char *text = column_cell(opts->columns[c], snap->objects[i]);
			const char *shown = text ? text : "-"; /* unknown, or not of this kind */
			size_t n = strlen(shown);
			long w = text_width(shown, n);
			a->start[cell++] = a->len;
			arena_put(a, shown, n);
			free(text);
			if (w < 0)
				return false;
			widen(a, c, w);
		}
	}
	a->start[cell] = a->len;
	for (size_t c = 0; c < nc; c++)
		settle_width(a, opts->columns[c], c);
	return true;
}

static void put_padding(FILE *out, size_t n)
{
	static const char spaces[] = "                                                                ";

	while (n > 0) {
		size_t k = n < sizeof(spaces) - 1 ? n : sizeof(spaces) - 1;
		fwrite(spaces, 1, k, out);
		n -= k;
	}
}

/* One cell, padded to its column; the last column's text is not followed by blanks. */
static void put_cell(FILE *out, const struct arena *a, const struct column *col, size_t c,
		     bool last, const char *s, size_t n)
{
	size_t w = (size_t)text_width(s, n), pad = a->widths[c] - w;

	if (c > 0)
		fputc(' ', out);
	if (col->flags & COL_RIGHT)
		put_padding(out, pad);
	fwrite(s, 1, n, out);
	if (!(col->flags & COL_RIGHT) && !last)
		put_padding(out, pad);
}

static void put_rows(FILE *out, const struct arena *a, const struct snapshot *snap,
		     const struct output_options *opts)
{
	size_t nc = opts->ncolumns;

	if (!opts->noheadings) {
		for (size_t c = 0; c < nc; c++) {
			const char *name = opts->columns[c]->name;
			put_cell(out, a, opts->columns[c], c, c + 1 == nc, name, strlen(name));
		}
		fputc('\n', out);
	}
	for (size_t i = 0; i < snap->nobjects; i++) {
		for (size_t c = 0; c < nc; c++) {
			size_t cell = i * nc + c;
			put_cell(out, a, opts->columns[c], c, c + 1 == nc, a->text + a->start[cell],
				 a->start[cell + 1] - a->start[cell]);
		}
		fputc('\n', out);
	}
}

int table_plain_print(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	struct arena a = {
		.start = xcalloc(snap->nobjects * opts->ncolumns + 1, sizeof(*a.start)),
		.widths = xcalloc(opts->ncolumns, sizeof(*a.widths)),
	};
	int rc = TABLE_PLAIN_DECLINED;

	/* libsmartcols writes nothing at all, not even the headings, for no rows. */
	if (!snap->nobjects)
		rc = 0;
	else if (opts->ncolumns && fill(&a, snap, opts)) {
		put_rows(out, &a, snap, opts);
		rc = ferror(out) ? -1 : 0;
	}
	free(a.text);
	free(a.start);
	free(a.widths);
	return rc;
}
