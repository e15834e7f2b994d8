/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The default for people: tables.  The objects go through libsmartcols, width
 * aware, as lsfd and lsipc print them; the other documents are in table_*.c.
 */
#include "columns.h"
#include "format_writers.h"
#include "ipc_object.h"
#include "snapshot.h"
#include "table_plain.h"
#include "table_wrap.h"

#include <errno.h>
#include <libsmartcols.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int scols_flags(const struct column *col, const struct output_options *opts,
		       bool split_lists)
{
	int fl = 0;

	if (col->flags & COL_RIGHT)
		fl |= SCOLS_FL_RIGHT;
	/* Never narrowed: the other columns give way (libsmartcols narrows only
	 * the columns it may truncate or wrap). */
	if (col == opts->whole)
		return fl;
	if ((col->flags & COL_TRUNC) && !opts->notruncate)
		fl |= SCOLS_FL_TRUNC;
	/* Wrapped columns are cut too, items wider than the column (see below). */
	if ((col->flags & COL_WRAP) && split_lists)
		fl |= SCOLS_FL_WRAP | SCOLS_FL_TRUNC;
	return fl;
}

static int print_objects(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	bool split_lists = table_fits_terminal(opts, out);

	/*
	 * Where nothing is cut or encoded, the rows are written without a copy
	 * of each cell; IPCSCOPE_TABLE_PLAIN=off leaves every table to
	 * libsmartcols, for the test that compares the two.
	 */
	const char *plain_env = getenv("IPCSCOPE_TABLE_PLAIN");
	if (!opts->raw && !split_lists && !(plain_env && strcmp(plain_env, "off") == 0)) {
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
		bool wrap_text = split_lists && c + 1 == opts->ncolumns && (col->flags & COL_TRUNC);
		struct libscols_column *cl =
			wrap_text ? scols_table_new_column(tb, col->name, TABLE_TEXT_SHARE,
							   SCOLS_FL_WRAP)
				  : scols_table_new_column(tb, col->name, col->width_hint,
							   scols_flags(col, opts, split_lists));
		if (!cl)
			goto done;
		if (wrap_text)
			table_wrap_words(cl);
		else if (split_lists && (col->flags & COL_WRAP) && col != opts->whole)
			table_wrap_list(cl);
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
