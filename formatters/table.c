/*
 * The default for people: tables.  The objects go through libsmartcols, width
 * aware, as lsfd and lsipc print them; the other documents are in table_*.c.
 */
#include "columns.h"
#include "format_writers.h"
#include "ipc_object.h"
#include "snapshot.h"
#include "table_plain.h"

#include <errno.h>
#include <libsmartcols.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int scols_flags(unsigned col_flags, bool split_lists)
{
	int fl = 0;

	if (col_flags & COL_RIGHT)
		fl |= SCOLS_FL_RIGHT;
	if (col_flags & COL_TRUNC)
		fl |= SCOLS_FL_TRUNC;
	if ((col_flags & COL_WRAP) && split_lists)
		fl |= SCOLS_FL_WRAP;
	return fl;
}

/*
 * On a terminal a list column (HOLDERS) shows one item per line, so it is
 * never cut inside "4242/cat[3r]"; into a pipe or with -r it stays one
 * comma-separated field, one row per object, for grep and awk.
 */
static char *list_nextchunk(const struct libscols_column *cl, char *data, void *userdata)
{
	(void)cl;
	(void)userdata;
	char *comma = data ? strchr(data, ',') : NULL;
	if (!comma)
		return NULL;
	*comma = '\0';
	return comma + 1;
}

static size_t list_chunksize(const struct libscols_column *cl, const char *data, void *userdata)
{
	(void)cl;
	(void)userdata;
	size_t widest = 0;
	while (data && *data) {
		size_t n = strcspn(data, ",");
		if (n > widest)
			widest = n;
		data += n + (data[n] == ',');
	}
	return widest;
}

static int print_objects(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	bool split_lists = !opts->raw && isatty(fileno(out));

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
		struct libscols_column *cl =
			scols_table_new_column(tb, col->name, col->width_hint,
					       scols_flags(col->flags, split_lists));
		if (!cl)
			goto done;
		if ((col->flags & COL_WRAP) && split_lists)
			scols_column_set_wrapfunc(cl, list_chunksize, list_nextchunk, NULL);
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
