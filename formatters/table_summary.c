/* summary for people: objects and bytes per kind, then each limit and its use. */
#include "format_writers.h"
#include "kinds.h"
#include "summary.h"
#include "util.h"

#include <libsmartcols.h>
#include <stdlib.h>

#define MAX_COLUMNS 8

/* One table's columns, and how row `i` of it reads from the summary. */
struct table_shape {
	const char *headings[MAX_COLUMNS];
	int flags[MAX_COLUMNS];
	size_t ncolumns;
	/* Fills cells (malloc'd text; NULL prints "-": unknown, or does not apply). */
	void (*row)(const struct summary *sum, size_t i, char **cells);
};

static int print_rows(const struct summary *sum, const struct table_shape *shape, size_t nrows,
		      FILE *out)
{
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
		shape->row(sum, i, cells);
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

static void kind_row(const struct summary *sum, size_t i, char **cells)
{
	const struct kind_usage *k = &sum->kinds[i];

	cells[0] = xstrdup(k->kind->name);
	cells[1] = number((struct maybe_u64){ true, k->objects });
	cells[2] = number((struct maybe_u64){ k->has_bytes, k->bytes });
}

static void limit_row(const struct summary *sum, size_t i, char **cells)
{
	const struct limit_usage *l = &sum->limits[i];

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
	.row = limit_row,
};

int table_print_summary(const struct summary *sum, FILE *out)
{
	if (print_rows(sum, &kinds_table, sum->nkinds, out) != 0)
		return -1;
	for (size_t i = 0; i < sum->nkinds; i++)
		if (sum->kinds[i].bytes_unknown)
			fprintf(out, "%s: %llu objects whose bytes could not be read are not counted\n",
				sum->kinds[i].kind->name,
				(unsigned long long)sum->kinds[i].bytes_unknown);
	if (sum->nlimits) {
		fputc('\n', out);
		if (print_rows(sum, &limits_table, sum->nlimits, out) != 0)
			return -1;
	}
	return ferror(out) ? -1 : 0;
}
