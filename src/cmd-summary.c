/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope summary: how many objects of each kind, the bytes they hold, and
 * how much of each kernel limit on them is in use.
 */
#include "commands.h"
#include "formatters.h"
#include "json_schema.h"
#include "kinds.h"
#include "report_options.h"
#include "selection.h"
#include "selection_options.h"
#include "snapshot.h"
#include "summary.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct summary_options {
	struct selection sel;
	const struct formatter *fmt;
};

static int apply_json(void *fmt, const char *arg)
{
	(void)arg;
	*(const struct formatter **)fmt = formatter_find("json", DOC_SUMMARY);
	return 0;
}

static int apply_format(void *fmt, const char *arg)
{
	const struct formatter *f = formatter_find(arg, DOC_SUMMARY);

	if (!f) {
		msg_error("unknown format '%s'; valid formats: %s", arg, formatters_names(DOC_SUMMARY));
		return -1;
	}
	*(const struct formatter **)fmt = f;
	return 0;
}

/* For --help: the formats that write a summary. */
static const char *summary_format_names(void)
{
	return formatters_names(DOC_SUMMARY);
}

extern const struct command command_summary;

static int run_summary(int argc, char **argv)
{
	struct summary_options o = { .fmt = formatter_find("table", DOC_SUMMARY) };
	struct snapshot snap = { 0 };
	struct summary sum = { 0 };
	int first, status = option_parse(&command_summary, &o, argc, argv, &first);

	if (status >= 0)
		goto done;
	status = EXIT_USAGE;
	if (selection_add_kind_operands(&o.sel, argc, argv, first) < 0)
		goto done;
	selection_default_kinds(&o.sel);
	if (selection_check_filter(&o.sel) < 0)
		goto done;

	status = EXIT_RUNTIME;
	if (snapshot_build(&snap, &o.sel) < 0)
		goto done;
	summary_build(&sum, &snap);
	snapshot_report(&snap);
	/* The summary's warnings begin with the snapshot's, just reported. */
	for (size_t i = snap.warnings.len; i < sum.warnings.len; i++)
		msg_warning(sum.warnings.items[i]);
	if (o.fmt->summary(&sum, stdout) < 0) {
		if (errno != EPIPE)
			msg_error("write error: %s", strerror(errno));
		goto done;
	}
	status = EXIT_OK;
done:
	summary_free(&sum);
	snapshot_free(&snap);
	selection_free(&o.sel);
	return status;
}

/* "80%": the share of a limit in use past which summary warns. */
static const char *warn_percent(void)
{
	static char text[16];

	snprintf(text, sizeof(text), "%.0f%%", LIMIT_WARN_PERCENT);
	return text;
}

static const struct option_spec summary_options[] = {
	{ "kind", 'k', "KIND[,KIND]", "only these kinds and their limits: %s",
	  .help_value = kinds_names, .apply = selection_apply_kinds,
	  .field = offsetof(struct summary_options, sel) },
	{ "kinds", .flags = OPTION_ALIAS },
	NAMESPACE_SELECTION_OPTIONS(struct summary_options, sel),
	FILTER_SELECTION_OPTION(struct summary_options, sel),
	{ "json", 'J', NULL, "one JSON document (schema " IPCSCOPE_JSON_SCHEMA ")", .apply = apply_json,
	  .field = offsetof(struct summary_options, fmt) },
	{ "format", 'F', "FORMAT", "%s", .help_value = summary_format_names,
	  .apply = apply_format, .field = offsetof(struct summary_options, fmt) },
	BYTES_OPTION,
	QUIET_OPTION,
	OPTION_HELP,
	OPTION_END,
};

const struct command command_summary = {
	.name = "summary",
	.document = DOC_SUMMARY,
	.summary = "count objects per kind and show their use of the kernel's limits",
	.usage = "[options] [KIND...]",
	.description = "Count the IPC objects of each kind and the bytes they hold, and show how much\n"
		       "of each kernel limit on them is in use; warn of a limit more than %s used.",
	.description_value = warn_percent,
	.options = summary_options,
	.run = run_summary,
};
