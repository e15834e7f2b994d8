/* summary for people: objects and bytes per kind, then each limit and its use. */
#include "kinds.h"
#include "summary.h"
#include "summary_formats.h"
#include "util.h"

#include <errno.h>
#include <libsmartcols.h>
#include <stdlib.h>

static struct libscols_table *new_table(FILE *out, const char *const *headings,
					const int *flags, size_t n)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb)
		return NULL;
	scols_table_set_stream(tb, out);
	for (size_t i = 0; i < n; i++) {
		if (!scols_table_new_column(tb, headings[i], 0, flags[i])) {
			scols_unref_table(tb);
			return NULL;
		}
	}
	return tb;
}

/* Takes text (malloc'd), or "-" for NULL: unknown, or does not apply. */
static void cell(struct libscols_line *ln, size_t col, char *text)
{
	if (text)
		scols_line_refer_data(ln, col, text);
	else
		scols_line_set_data(ln, col, "-");
}

static char *number(struct maybe_u64 v)
{
	return v.known ? xasprintf("%llu", (unsigned long long)v.v) : NULL;
}

static int print_kinds(const struct summary *sum, FILE *out)
{
	static const char *const headings[] = { "KIND", "OBJECTS", "BYTES" };
	static const int flags[] = { 0, SCOLS_FL_RIGHT, SCOLS_FL_RIGHT };
	struct libscols_table *tb = new_table(out, headings, flags, ARRAY_SIZE(headings));

	if (!tb)
		return -1;
	for (size_t i = 0; i < sum->nkinds; i++) {
		const struct kind_usage *k = &sum->kinds[i];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		if (!ln) {
			scols_unref_table(tb);
			return -1;
		}
		cell(ln, 0, xstrdup(k->kind->name));
		cell(ln, 1, xasprintf("%llu", (unsigned long long)k->objects));
		cell(ln, 2, k->has_bytes ? xasprintf("%llu", (unsigned long long)k->bytes) : NULL);
	}
	int rc = scols_print_table(tb);
	scols_unref_table(tb);
	for (size_t i = 0; i < sum->nkinds; i++)
		if (sum->kinds[i].bytes_unknown)
			fprintf(out, "%s: %llu objects whose bytes could not be read are not counted\n",
				sum->kinds[i].kind->name,
				(unsigned long long)sum->kinds[i].bytes_unknown);
	return rc;
}

static int print_limits(const struct summary *sum, FILE *out)
{
	static const char *const headings[] = { "RESOURCE", "USED", "LIMIT", "USE%",
						"UNIT", "SYSCTL", "DESCRIPTION" };
	static const int flags[] = { 0, SCOLS_FL_RIGHT, SCOLS_FL_RIGHT, SCOLS_FL_RIGHT, 0, 0, 0 };
	struct libscols_table *tb = new_table(out, headings, flags, ARRAY_SIZE(headings));

	if (!tb)
		return -1;
	for (size_t i = 0; i < sum->nlimits; i++) {
		const struct limit_usage *l = &sum->limits[i];
		struct libscols_line *ln = scols_table_new_line(tb, NULL);
		if (!ln) {
			scols_unref_table(tb);
			return -1;
		}
		cell(ln, 0, xstrdup(l->name));
		cell(ln, 1, number(l->used));
		cell(ln, 2, number(l->limit));
		cell(ln, 3, l->has_percent ? xasprintf("%.1f%%", l->percent) : NULL);
		cell(ln, 4, xstrdup(l->unit));
		cell(ln, 5, xstrdup(l->sysctl));
		cell(ln, 6, xstrdup(l->what));
	}
	int rc = scols_print_table(tb);
	scols_unref_table(tb);
	return rc;
}

static int print_summary_table(const struct summary *sum, FILE *out)
{
	if (print_kinds(sum, out) != 0)
		return -1;
	if (sum->nlimits) {
		fputc('\n', out);
		if (print_limits(sum, out) != 0)
			return -1;
	}
	return ferror(out) ? -1 : 0;
}

const struct summary_format summary_format_table = {
	.name = "table",
	.help = "two tables for people: the kinds, then the limits (default)",
	.print = print_summary_table,
};
