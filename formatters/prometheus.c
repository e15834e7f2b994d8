/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * summary --format prometheus: the text exposition format, for the textfile
 * collector of node_exporter.  Each family's HELP and TYPE come before its
 * samples, and a value that could not be read has no sample at all.
 */
#include "formatters.h"
#include "kinds.h"
#include "prometheus.h"
#include "namespaces.h"
#include "snapshot.h"
#include "summary.h"

/* The length of the UTF-8 character at s, or 0 when s starts with no valid one. */
static size_t utf8_length(const unsigned char *s)
{
	size_t n = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3
		 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;

	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* Overlong forms, UTF-16 surrogates and past U+10FFFF are no characters either. */
	if ((n == 2 && s[0] < 0xc2) || (s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0) ||
	    (s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90) || s[0] > 0xf4)
		return 0;
	return n;
}

/*
 * Label values escape backslash, double quote and newline; HELP text all
 * but the quote.  Both must be UTF-8, which commands and names from other
 * users need not be: a byte that is not part of a character is written as
 * U+FFFD, so one such name cannot make a scraper drop the whole page.
 */
void prometheus_put_escaped(FILE *out, const char *s, bool quote)
{
	while (*s) {
		size_t n = utf8_length((const unsigned char *)s);
		if (n == 0) {
			fputs("\xef\xbf\xbd", out);
			s++;
			continue;
		}
		if (*s == '\\' || (quote && *s == '"'))
			fprintf(out, "\\%c", *s);
		else if (*s == '\n')
			fputs("\\n", out);
		else
			fwrite(s, 1, n, out);
		s += n;
	}
}

void prometheus_family(FILE *out, const char *name, const char *help)
{
	fprintf(out, "# HELP %s ", name);
	prometheus_put_escaped(out, help, false);
	fprintf(out, "\n# TYPE %s gauge\n", name);
}

/* A series of one label, and an ipcns label where it is of one IPC namespace. */
static void sample_start(FILE *out, const char *name, const char *label, const char *value,
			 const struct namespace *ipcns)
{
	fprintf(out, "%s{%s=\"", name, label);
	prometheus_put_escaped(out, value, true);
	fputc('"', out);
	if (ipcns && ipcns->inode)
		fprintf(out, ",ipcns=\"%llu\"", (unsigned long long)ipcns->inode);
	fputs("} ", out);
}

static void kind_sample(FILE *out, const char *name, const struct kind_usage *k, uint64_t v)
{
	sample_start(out, name, "kind", k->kind->name, k->ipcns);
	fprintf(out, "%llu\n", (unsigned long long)v);
}

static void print_kinds(const struct summary *sum, FILE *out)
{
	prometheus_family(out, "ipcscope_objects",
	       "IPC objects of each kind; SysV objects and POSIX message queues per IPC namespace "
	       "(label ipcns).");
	/* A kind not counted has no sample: an absent series, not a 0 that was never seen. */
	for (size_t i = 0; i < sum->nkinds; i++)
		if (sum->kinds[i].counted)
			kind_sample(out, "ipcscope_objects", &sum->kinds[i], sum->kinds[i].objects);
	prometheus_family(out, "ipcscope_bytes",
	       "Bytes the objects of each kind hold: shared memory sizes, and bytes waiting in "
	       "pipes, FIFOs and message queues; objects whose bytes cannot be read add nothing.");
	for (size_t i = 0; i < sum->nkinds; i++)
		if (sum->kinds[i].counted && sum->kinds[i].has_bytes)
			kind_sample(out, "ipcscope_bytes", &sum->kinds[i], sum->kinds[i].bytes);
}

enum limit_value { LIMIT_VALUE, LIMIT_USED, LIMIT_RATIO };

static bool has_value(const struct limit_usage *l, enum limit_value which)
{
	return which == LIMIT_VALUE ? l->limit.known : which == LIMIT_USED ? l->used.known
									  : l->has_percent;
}

static void print_limit_family(const struct summary *sum, FILE *out, const char *name,
			       const char *help, enum limit_value which)
{
	bool any = false;

	for (size_t i = 0; i < sum->nlimits; i++)
		any |= has_value(&sum->limits[i], which);
	if (!any)
		return;
	prometheus_family(out, name, help);
	for (size_t i = 0; i < sum->nlimits; i++) {
		const struct limit_usage *l = &sum->limits[i];
		if (!has_value(l, which))
			continue;
		sample_start(out, name, "limit", l->name, l->ipcns);
		if (which == LIMIT_RATIO)
			fprintf(out, "%.6g\n", l->percent / 100.0);
		else
			fprintf(out, "%llu\n",
				(unsigned long long)(which == LIMIT_VALUE ? l->limit.v : l->used.v));
	}
}

void prometheus_write_summary(const struct summary *sum, FILE *out)
{
	print_kinds(sum, out);
	print_limit_family(sum, out, "ipcscope_limit",
			   "Value of a kernel limit on IPC, from /proc/sys (see ipcscope(1)); "
			   "one IPC namespace's where it has the label ipcns.",
			   LIMIT_VALUE);
	print_limit_family(sum, out, "ipcscope_limit_used",
			   "How much of a kernel limit is in use, in the limit's own unit.",
			   LIMIT_USED);
	print_limit_family(sum, out, "ipcscope_limit_used_ratio",
			   "Share of a kernel limit in use, from 0 to 1.", LIMIT_RATIO);
	prometheus_family(out, "ipcscope_unreadable_processes",
	       "Processes whose descriptors could not be read; objects they hold may be missing.");
	fprintf(out, "ipcscope_unreadable_processes %zu\n", sum->snap->index.nunreadable);
}

static int print_summary(const struct summary *sum, FILE *out)
{
	prometheus_write_summary(sum, out);
	return ferror(out) ? -1 : 0;
}

const struct formatter formatter_prometheus = {
	.name = "prometheus",
	.help = "Prometheus text exposition format, for node_exporter's textfile collector",
	.summary = print_summary,
};
