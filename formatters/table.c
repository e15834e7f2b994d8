/* The default: a width-aware table through libsmartcols, as lsfd and lsipc print. */
#include "columns.h"
#include "formatters.h"
#include "ipc_object.h"
#include "snapshot.h"

#include <errno.h>
#include <libsmartcols.h>

static int scols_flags(unsigned col_flags)
{
	int fl = 0;

	if (col_flags & COL_RIGHT)
		fl |= SCOLS_FL_RIGHT;
	if (col_flags & COL_TRUNC)
		fl |= SCOLS_FL_TRUNC;
	if (col_flags & COL_WRAP)
		fl |= SCOLS_FL_WRAP;
	return fl;
}

static int print_table(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	struct libscols_table *tb = scols_new_table();
	int rc = -1;

	if (!tb) {
		errno = ENOMEM;
		return -1;
	}
	scols_table_enable_raw(tb, opts->raw);
	scols_table_enable_noheadings(tb, opts->noheadings);
	scols_table_set_stream(tb, out);
	for (size_t c = 0; c < opts->ncolumns; c++) {
		const struct column *col = opts->columns[c];
		if (!scols_table_new_column(tb, col->name, col->width_hint, scols_flags(col->flags)))
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
	.help = "a table for people (default)",
	.print = print_table,
};
