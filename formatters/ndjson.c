/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --ndjson: one JSON object per line, for streaming consumers; notes go to stderr only. */
#include "clean_report.h"
#include "format_writers.h"
#include "json_object.h"
#include "jsonw.h"
#include "snapshot.h"

static int print_objects(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	for (size_t i = 0; i < snap->nobjects; i++) {
		struct jsonw w;
		jw_init(&w, out);
		json_write_listed_object(&w, snap->objects[i], opts);
		if (putc('\n', out) == EOF)
			return -1;
	}
	return ferror(out) ? -1 : 0;
}

static int print_clean(const struct clean_report *report, const struct output_options *opts,
		       FILE *out)
{
	for (size_t i = 0; i < report->n; i++) {
		struct jsonw w;
		jw_init(&w, out);
		json_write_clean_result(&w, &report->results[i], opts);
		putc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}

const struct formatter formatter_ndjson = {
	.name = "ndjson",
	.help = "one JSON object per line",
	.objects = print_objects,
	.clean = print_clean,
	.watch_event = ndjson_print_watch_event,
};
