/* clean for people: one line each, ACTION KIND ID NAME and what happened. */
#include "clean_report.h"
#include "format_writers.h"
#include "ipc_object.h"
#include "kinds.h"
#include "text_escape.h"

#include <stdlib.h>
#include <string.h>

/* Aligned on the widest (not raw). */
int table_print_clean(const struct clean_report *report, const struct output_options *opts,
		      FILE *out)
{
	const struct clean_result *results = report->results;
	size_t n = report->n;
	int wa = 6, wk = 4, wi = 2;

	for (size_t i = 0; i < n && !opts->raw; i++) {
		int a = (int)strlen(clean_action_name(results[i].action));
		int k = (int)strlen(results[i].obj->kind->name);
		char *id = text_escape(results[i].obj->id);
		int d = id ? (int)strlen(id) : 1;
		free(id);
		wa = a > wa ? a : wa;
		wk = k > wk ? k : wk;
		wi = d > wi ? d : wi;
	}
	if (opts->raw)
		wa = wk = wi = 0;
	if (!opts->noheadings)
		fprintf(out, "%-*s %-*s %*s %s\n", wa, "ACTION", wk, "KIND", wi, "ID", "NAME / WHY");
	for (size_t i = 0; i < n; i++) {
		const struct clean_result *r = &results[i];
		/* Names, POSIX ids (their names) and reasons quoting paths come from the owners. */
		char *id = text_escape(r->obj->id), *name = text_escape(r->obj->name),
		     *reason = text_escape(r->reason);
		fprintf(out, "%-*s %-*s %*s %s", wa, clean_action_name(r->action), wk,
			r->obj->kind->name, wi, id ? id : "-", name ? name : "-");
		if (reason)
			fprintf(out, ": %s", reason);
		putc('\n', out);
		free(id);
		free(name);
		free(reason);
	}
	return ferror(out) ? -1 : 0;
}
