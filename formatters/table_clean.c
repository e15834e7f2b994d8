/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * clean for people: one row each, ACTION KIND ID NAME WHY.  The path is
 * never cut (it is what was removed); on a terminal the reason goes on more
 * lines, word by word, or under the row where the path leaves it no room.
 */
#include "clean_report.h"
#include "format_writers.h"
#include "ipc_object.h"
#include "kinds.h"
#include "table_fit.h"
#include "table_scols.h"
#include "text_escape.h"

#include <errno.h>
#include <libsmartcols.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { COL_ACTION, COL_KIND, COL_ID, COL_NAME, COL_WHY, NCOLUMNS };

static const char *const headings[NCOLUMNS] = { "ACTION", "KIND", "ID", "NAME", "WHY" };

static const struct fit_column fit_columns[NCOLUMNS] = {
	{ .heading = "ACTION" },
	{ .heading = "KIND" },
	{ .heading = "ID", .flags = FIT_RIGHT },
	{ .heading = "NAME" },
	{ .heading = "WHY", .flags = FIT_TEXT },
};

/* On a terminal: the reason's words wrapped, or under the row where the path leaves no room. */
static int print_fitted(const struct clean_report *report, const struct output_options *opts,
			FILE *out)
{
	struct fit_table t;

	fit_table_init(&t, fit_columns, NCOLUMNS);
	t.noheadings = opts->noheadings;
	for (size_t i = 0; i < report->n; i++) {
		const struct clean_result *r = &report->results[i];
		size_t row = fit_table_add_row(&t);
		fit_table_set(&t, row, COL_ACTION, clean_action_name(r->action));
		fit_table_set(&t, row, COL_KIND, r->obj->kind->name);
		fit_table_set(&t, row, COL_ID, r->obj->id);
		fit_table_set(&t, row, COL_NAME, r->obj->name);
		fit_table_set(&t, row, COL_WHY, r->reason);
	}
	int rc = fit_table_print(&t, table_terminal_width(opts, out), out);
	fit_table_free(&t);
	return rc;
}

/*
 * Names and reasons quoting paths come from the owners: libsmartcols
 * escapes them in a table, not in a raw one, where they are escaped here.
 */
static void set_cell(struct libscols_line *ln, size_t c, const char *text, bool raw)
{
	if (!text)
		scols_line_set_data(ln, c, "-");
	else if (raw)
		scols_line_refer_data(ln, c, text_escape(text));
	else
		scols_line_set_data(ln, c, text);
}

int table_print_clean(const struct clean_report *report, const struct output_options *opts,
		      FILE *out)
{
	if (table_fits_terminal(opts, out))
		return print_fitted(report, opts, out);

	struct libscols_table *tb = table_new(opts, out);
	int rc = -1;

	if (!tb)
		return -1;
	for (size_t c = 0; c < NCOLUMNS; c++)
		if (!scols_table_new_column(tb, headings[c], 0, c == COL_ID ? SCOLS_FL_RIGHT : 0))
			goto done;
	/* libsmartcols prints no heading over no rows; this report always has one. */
	if (!report->n) {
		for (size_t c = 0; c < NCOLUMNS && !opts->noheadings; c++)
			fprintf(out, "%s%c", headings[c], c + 1 < NCOLUMNS ? ' ' : '\n');
		rc = ferror(out) ? -1 : 0;
		goto done;
	}
	for (size_t i = 0; i < report->n; i++) {
		const struct clean_result *r = &report->results[i];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		if (!ln)
			goto done;
		set_cell(ln, COL_ACTION, clean_action_name(r->action), opts->raw);
		set_cell(ln, COL_KIND, r->obj->kind->name, opts->raw);
		set_cell(ln, COL_ID, r->obj->id, opts->raw);
		set_cell(ln, COL_NAME, r->obj->name, opts->raw);
		set_cell(ln, COL_WHY, r->reason, opts->raw);
	}
	rc = scols_print_table(tb) == 0 && !ferror(out) ? 0 : -1;
done:
	scols_unref_table(tb);
	return rc;
}
