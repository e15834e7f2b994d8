/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * summary for people: objects and bytes per kind, then each limit and its
 * use; first for our IPC namespace and what is not per namespace, then in a
 * block of its own for each other IPC namespace counted.
 */
#include "format_writers.h"
#include "human_size.h"
#include "kinds.h"
#include "namespaces.h"
#include "summary.h"
#include "table_fit.h"
#include "util.h"

#include <libsmartcols.h>
#include <stdlib.h>
#include <unistd.h>

#define MAX_COLUMNS 8

/* One table's columns, and how one of its rows reads. */
struct table_shape {
	const char *headings[MAX_COLUMNS];
	int flags[MAX_COLUMNS];
	size_t ncolumns;
	/* A column shown only off a terminal or on one this wide (0: always). */
	size_t shown_from[MAX_COLUMNS];
	/* Fills cells (malloc'd text; NULL prints "-": unknown, or does not apply). */
	void (*row)(const void *item, char **cells);
};

/* On a terminal: laid out for its width, the last column's words wrapped. */
static int print_fitted(const struct table_shape *shape, const void *const *items, size_t nrows,
			FILE *out)
{
	size_t width = table_terminal_width(NULL, out), shown[MAX_COLUMNS], n = 0;
	struct fit_column cols[MAX_COLUMNS];
	struct fit_table t;

	for (size_t c = 0; c < shape->ncolumns; c++) {
		if (shape->shown_from[c] && width < shape->shown_from[c])
			continue;
		shown[n] = c;
		cols[n++] = (struct fit_column){ .heading = shape->headings[c],
						 .flags = shape->flags[c] & SCOLS_FL_RIGHT ? FIT_RIGHT : 0 };
	}
	cols[n - 1].flags |= FIT_TEXT;
	fit_table_init(&t, cols, n);
	for (size_t i = 0; i < nrows; i++) {
		char *cells[MAX_COLUMNS] = { NULL };
		size_t row = fit_table_add_row(&t);
		shape->row(items[i], cells);
		for (size_t c = 0; c < n; c++)
			fit_table_set(&t, row, c, cells[shown[c]]);
		for (size_t c = 0; c < shape->ncolumns; c++)
			free(cells[c]);
	}
	int rc = t.nrows ? fit_table_print(&t, width, out) : 0;
	fit_table_free(&t);
	return rc;
}

static int print_rows(const struct table_shape *shape, const void *const *items, size_t nrows,
		      FILE *out)
{
	if (isatty(fileno(out)))
		return print_fitted(shape, items, nrows, out);

	struct libscols_table *tb = scols_new_table();
	int rc = -1;

	if (!tb)
		return -1;
	scols_table_set_stream(tb, out);
	for (size_t c = 0; c < shape->ncolumns; c++)
		if (!scols_table_new_column(tb, shape->headings[c], 0, shape->flags[c]))
			goto done;
	for (size_t i = 0; i < nrows; i++) {
		char *cells[MAX_COLUMNS] = { NULL };
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		shape->row(items[i], cells);
		for (size_t c = 0; c < shape->ncolumns; c++) {
			if (ln && cells[c])
				scols_line_refer_data(ln, c, cells[c]);
			else if (ln)
				scols_line_set_data(ln, c, "-");
			else
				free(cells[c]);
		}
		if (!ln)
			goto done;
	}
	rc = scols_print_table(tb);
done:
	scols_unref_table(tb);
	return rc;
}

static char *number(struct maybe_u64 v)
{
	return v.known ? xasprintf("%llu", (unsigned long long)v.v) : NULL;
}

static void kind_row(const void *item, char **cells)
{
	const struct kind_usage *k = item;

	cells[0] = xstrdup(k->kind->name);
	cells[1] = number((struct maybe_u64){ k->counted, k->objects });
	cells[2] = k->counted && k->has_bytes ? size_cell(k->bytes) : NULL;
}

static void limit_row(const void *item, char **cells)
{
	const struct limit_usage *l = item;

	cells[0] = xstrdup(l->name);
	cells[1] = number(l->used);
	cells[2] = number(l->limit);
	cells[3] = l->has_percent ? xasprintf("%.1f%%", l->percent) : NULL;
	cells[4] = xstrdup(l->unit);
	cells[5] = xstrdup(l->sysctl);
	cells[6] = xstrdup(l->what);
}

static const struct table_shape kinds_table = {
	.headings = { "KIND", "OBJECTS", "BYTES" },
	.flags = { 0, SCOLS_FL_RIGHT, SCOLS_FL_RIGHT },
	.ncolumns = 3,
	.row = kind_row,
};

static const struct table_shape limits_table = {
	.headings = { "RESOURCE", "USED", "LIMIT", "USE%", "UNIT", "SYSCTL", "DESCRIPTION" },
	.flags = { 0, SCOLS_FL_RIGHT, SCOLS_FL_RIGHT, SCOLS_FL_RIGHT, 0, 0, 0 },
	.ncolumns = 7,
	/* The sysctl names are most of the resources' again: a terminal narrower
	 * than 120 columns leaves them to --json, for the description's sake. */
	.shown_from = { [5] = 120 },
	.row = limit_row,
};

/* The block of the namespace `ns`: with the first, also what belongs to no namespace. */
static bool in_block(const struct namespace *of, const struct namespace *ns, bool first)
{
	return of == ns || (first && !of);
}

static int print_block(const struct summary *sum, const struct namespace *ns, bool first,
		       FILE *out)
{
	size_t n = 0, most = sum->nkinds > sum->nlimits ? sum->nkinds : sum->nlimits;
	const void **items = xcalloc(most ? most : 1, sizeof(*items));
	int rc = -1;

	for (size_t i = 0; i < sum->nkinds; i++)
		if (in_block(sum->kinds[i].ipcns, ns, first))
			items[n++] = &sum->kinds[i];
	if (print_rows(&kinds_table, items, n, out) != 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		const struct kind_usage *k = items[i];
		if (k->bytes_unknown)
			fprintf(out, "%s: %llu objects whose bytes could not be read are not counted\n",
				k->kind->name, (unsigned long long)k->bytes_unknown);
	}
	n = 0;
	for (size_t i = 0; i < sum->nlimits; i++)
		if (in_block(sum->limits[i].ipcns, ns, first))
			items[n++] = &sum->limits[i];
	if (n) {
		fputc('\n', out);
		if (print_rows(&limits_table, items, n, out) != 0)
			goto done;
	}
	rc = 0;
done:
	free(items);
	return rc;
}

/* "IPC namespace 4026532281 (3 processes):" above a block, where there are several. */
static void block_heading(const struct namespace *ns, bool first, FILE *out)
{
	if (!first)
		fputc('\n', out);
	if (ns->inode)
		fprintf(out, "IPC namespace %llu", (unsigned long long)ns->inode);
	else
		fputs("IPC namespace (unknown)", out);
	if (ns->own)
		fputs(" (ipcscope's own)", out);
	else
		fprintf(out, " (%zu process%s)", ns->nprocs, ns->nprocs == 1 ? "" : "es");
	fputs(first ? ", and what is not per IPC namespace:\n" : ":\n", out);
}

int table_print_summary(const struct summary *sum, FILE *out)
{
	bool several = sum->nipcns > 1;

	/* With none counted, the first block is what belongs to no namespace. */
	for (size_t b = 0; b < (sum->nipcns ? sum->nipcns : 1); b++) {
		const struct namespace *ns = sum->nipcns ? sum->ipcns[b] : NULL;
		if (several)
			block_heading(ns, b == 0, out);
		if (print_block(sum, ns, b == 0, out) != 0)
			return -1;
	}
	return ferror(out) ? -1 : 0;
}
