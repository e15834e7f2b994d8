#ifndef IPCSCOPE_CLEAN_REPORT_H
#define IPCSCOPE_CLEAN_REPORT_H

#include <stdio.h>

struct ipc_object;
struct formatter;
struct output_options;
struct snapshot;

/* What clean did with one stale object. */
enum clean_action { CLEAN_REMOVED, CLEAN_WOULD_REMOVE, CLEAN_SKIPPED, CLEAN_FAILED };

struct clean_result {
	const struct ipc_object *obj;
	enum clean_action action;
	char *reason; /* why skipped, or the error; NULL for a removal */
	int err;      /* errno of a failure, else 0 */
};

/*
 * The report: a table for people (-n and -r as in list), or with the json
 * or ndjson format one result each, {"action", "reason", "errno", "object"}
 * with the object as list prints it; the json document also has the plan's
 * "unreadable" and "warnings".  0, or -1 when writing failed.
 */
int clean_report_print(const struct clean_result *results, size_t n, const struct formatter *fmt,
		       const struct output_options *opts, const struct snapshot *plan, FILE *out);

#endif
