/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The default for people: tables.  On a terminal (or with -w) laid out for its
 * width (table_fit.c); into a pipe each column as wide as its widest cell
 * (table_plain.c); raw, or with text only libsmartcols encodes, through
 * libsmartcols.  The other documents are in table_*.c.
 */
#include "columns.h"
#include "format_writers.h"
#include "ipc_object.h"
#include "snapshot.h"
#include "util.h"
#include "table_fit.h"
#include "table_plain.h"
#include "table_scols.h"

#include <errno.h>
#include <libsmartcols.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned fit_flags(const struct column *col, const struct output_options *opts, bool last);

/*
 * An identifier wider than this (a TIME_WAIT socket's in another network
 * namespace, tw:50cfb2e14a2f@4026531833) is cut, in its middle, when the
 * row does not fit; a FIFO's device and inode still are whole.
 */
#define ID_LEAST 15

/* How a column gives way on a terminal; the path stale and clean show never does. */
static struct fit_column fit_column_of(const struct column *col, const struct output_options *opts,
				       bool last)
{
	struct fit_column fc = { .heading = col->name, .flags = fit_flags(col, opts, last) };

	if ((col->flags & COL_KEY) && !opts->notruncate && col != opts->whole) {
		fc.flags |= FIT_CUT_MIDDLE;
		fc.least = ID_LEAST;
	}
	return fc;
}

static unsigned fit_flags(const struct column *col, const struct output_options *opts, bool last)
{
	unsigned fl = col->flags & COL_RIGHT ? FIT_RIGHT : 0;

	if (col == opts->whole)
		return fl;
	if (col->flags & COL_WRAP)
		fl |= FIT_LIST;
	/* Words lose nothing by going on more lines; a path has no words to break at. */
	else if ((col->flags & COL_TRUNC) && (last || !(col->flags & COL_PATH)))
		fl |= FIT_TEXT;
	else if ((col->flags & COL_TRUNC) && !opts->notruncate)
		fl |= FIT_CUT_MIDDLE;
	return fl;
}

static int print_fitted(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	struct fit_column *cols = xcalloc(opts->ncolumns, sizeof(*cols));
	struct fit_table t;

	for (size_t c = 0; c < opts->ncolumns; c++)
		cols[c] = fit_column_of(opts->columns[c], opts, c + 1 == opts->ncolumns);
	fit_table_init(&t, cols, opts->ncolumns);
	t.noheadings = opts->noheadings;
	for (size_t i = 0; i < snap->nobjects; i++) {
		size_t row = fit_table_add_row(&t);
		for (size_t c = 0; c < opts->ncolumns; c++) {
			char *text = column_cell(opts->columns[c], snap->objects[i]);
			fit_table_set(&t, row, c, text);
			free(text);
		}
	}
	/* As libsmartcols: no rows, not even the headings. */
	int rc = t.nrows ? fit_table_print(&t, table_terminal_width(opts, out), out) : 0;
	fit_table_free(&t);
	free(cols);
	return rc;
}

static int print_objects(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	if (table_fits_terminal(opts, out))
		return print_fitted(snap, opts, out);
	/*
	 * Where nothing is cut or encoded, the rows are written without a copy
	 * of each cell; IPCSCOPE_TABLE_PLAIN=off leaves every table to
	 * libsmartcols, for the test that compares the two.
	 */
	const char *plain_env = getenv("IPCSCOPE_TABLE_PLAIN");
	if (!opts->raw && !(plain_env && strcmp(plain_env, "off") == 0)) {
		int plain = table_plain_print(snap, opts, out);
		if (plain != TABLE_PLAIN_DECLINED)
			return plain;
	}
	struct libscols_table *tb = table_new(opts, out);
	int rc = -1;

	if (!tb)
		return -1;
	for (size_t c = 0; c < opts->ncolumns; c++) {
		const struct column *col = opts->columns[c];
		if (!scols_table_new_column(tb, col->name, col->width_hint,
					    col->flags & COL_RIGHT ? SCOLS_FL_RIGHT : 0))
			goto done;
	}
	for (size_t i = 0; i < snap->nobjects; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		if (!ln)
			goto done;
		for (size_t c = 0; c < opts->ncolumns; c++) {
			char *text = column_cell(opts->columns[c], snap->objects[i]);
			/* "-" marks a value that is unknown or does not apply to this kind. */
			if (text)
				scols_line_refer_data(ln, c, text);
			else
				scols_line_set_data(ln, c, "-");
		}
	}
	rc = scols_print_table(tb) == 0 && !ferror(out) ? 0 : -1;
done:
	scols_unref_table(tb);
	return rc;
}

const struct formatter formatter_table = {
	.name = "table",
	.help = "tables for people (the default)",
	.objects = print_objects,
	.clean = table_print_clean,
	.summary = table_print_summary,
	.manifest = table_print_manifest,
};
