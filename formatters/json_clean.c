/* SPDX-License-Identifier: GPL-2.0-or-later */
/* clean --json: each result with the object as list --json writes it. */
#include "clean_report.h"
#include "format_writers.h"
#include "json_document.h"
#include "json_object.h"
#include "jsonw.h"
#include "snapshot.h"

void json_write_clean_result(struct jsonw *w, const struct clean_result *r,
			     const struct output_options *opts)
{
	jw_object_begin(w);
	jw_key(w, "action");
	jw_string(w, clean_action_name(r->action));
	jw_key(w, "reason");
	jw_string(w, r->reason);
	jw_key(w, "errno");
	if (r->err)
		jw_i64(w, r->err);
	else
		jw_null(w);
	jw_key(w, "object");
	json_write_listed_object(w, r->obj, opts);
	jw_object_end(w);
}

int json_print_clean(const struct clean_report *report, const struct output_options *opts,
		     FILE *out)
{
	struct jsonw w;

	json_document_begin(&w, out);
	jw_key(&w, "results");
	jw_array_begin(&w);
	for (size_t i = 0; i < report->n; i++) {
		putc('\n', out);
		json_write_clean_result(&w, &report->results[i], opts);
	}
	putc('\n', out);
	jw_array_end(&w);
	return json_document_end(&w, &report->plan->index, &report->plan->warnings);
}
