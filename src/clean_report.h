/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_CLEAN_REPORT_H
#define IPCSCOPE_CLEAN_REPORT_H

#include <stddef.h>

struct ipc_object;
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
 * The report each format's clean hook writes: a table for people (-n and
 * -r as in list), or one result each, {"action", "reason", "errno",
 * "object"} with the object as list prints it; the JSON document also has
 * the plan's "unreadable" and "warnings".
 */
struct clean_report {
	const struct clean_result *results;
	size_t n;
	const struct snapshot *plan; /* the snapshot the results were planned from */
};

/* "removed", "would_remove", "skipped", "failed": the action as every format names it. */
const char *clean_action_name(enum clean_action a);

#endif
