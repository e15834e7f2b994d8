#include "clean_report.h"
#include "formatters.h"
#include "ipc_object.h"
#include "json_object.h"
#include "jsonw.h"
#include "kinds.h"
#include "snapshot.h"
#include "text_escape.h"

#include <stdlib.h>
#include <string.h>

static const char *action_name(enum clean_action a)
{
	switch (a) {
	case CLEAN_REMOVED:
		return "removed";
	case CLEAN_WOULD_REMOVE:
		return "would_remove";
	case CLEAN_SKIPPED:
		return "skipped";
	case CLEAN_FAILED:
		return "failed";
	}
	return "?";
}

static void write_result(struct jsonw *w, const struct clean_result *r)
{
	jw_object_begin(w);
	jw_key(w, "action");
	jw_string(w, action_name(r->action));
	jw_key(w, "reason");
	jw_string(w, r->reason);
	jw_key(w, "errno");
	if (r->err)
		jw_i64(w, r->err);
	else
		jw_null(w);
	jw_key(w, "object");
	json_write_object(w, r->obj);
	jw_object_end(w);
}

static void print_json(const struct clean_result *results, size_t n, const struct snapshot *plan,
		       FILE *out)
{
	struct jsonw w;

	jw_init(&w, out);
	jw_object_begin(&w);
	jw_key(&w, "schema");
	jw_string(&w, "ipcscope/1");
	jw_key(&w, "results");
	jw_array_begin(&w);
	for (size_t i = 0; i < n; i++) {
		putc('\n', out);
		write_result(&w, &results[i]);
	}
	putc('\n', out);
	jw_array_end(&w);
	json_write_unreadable_member(&w, &plan->index);
	json_write_warnings(&w, &plan->warnings);
	jw_object_end(&w);
	putc('\n', out);
}

static void print_ndjson(const struct clean_result *results, size_t n, FILE *out)
{
	for (size_t i = 0; i < n; i++) {
		struct jsonw w;
		jw_init(&w, out);
		write_result(&w, &results[i]);
		putc('\n', out);
	}
}

/* One line each: ACTION KIND ID NAME and what happened, aligned on the widest (not raw). */
static void print_table(const struct clean_result *results, size_t n,
			const struct output_options *opts, FILE *out)
{
	int wa = 6, wk = 4, wi = 2;

	for (size_t i = 0; i < n && !opts->raw; i++) {
		int a = (int)strlen(action_name(results[i].action));
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
		fprintf(out, "%-*s %-*s %*s %s", wa, action_name(r->action), wk, r->obj->kind->name, wi,
			id ? id : "-", name ? name : "-");
		if (reason)
			fprintf(out, ": %s", reason);
		putc('\n', out);
		free(id);
		free(name);
		free(reason);
	}
}

int clean_report_print(const struct clean_result *results, size_t n, const struct formatter *fmt,
		       const struct output_options *opts, const struct snapshot *plan, FILE *out)
{
	if (strcmp(fmt->name, "json") == 0)
		print_json(results, n, plan, out);
	else if (strcmp(fmt->name, "ndjson") == 0)
		print_ndjson(results, n, out);
	else
		print_table(results, n, opts, out);
	fflush(out);
	return ferror(out) ? -1 : 0;
}
