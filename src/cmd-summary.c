/*
 * ipcscope summary: how many objects of each kind, the bytes they hold, and
 * how much of each kernel limit on them is in use.
 */
#include "commands.h"
#include "formatters.h"
#include "json_schema.h"
#include "kinds.h"
#include "selection.h"
#include "snapshot.h"
#include "summary.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void summary_usage(FILE *out)
{
	fprintf(out,
		"Usage: ipcscope summary [options] [KIND...]\n"
		"\n"
		"Count the IPC objects of each kind and the bytes they hold, and show how much\n"
		"of each kernel limit on them is in use; warn of a limit more than %.0f%% used.\n"
		"\n"
		"  -k, --kind KIND[,KIND]   only these kinds and their limits: %s\n"
		"  -J, --json               one JSON document (schema " IPCSCOPE_JSON_SCHEMA ")\n"
		"  -F, --format FORMAT      %s\n"
		"  -h, --help               this help\n",
		LIMIT_WARN_PERCENT, kinds_names(), formatters_names(DOC_SUMMARY));
}

static int run_summary(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'J' },
		{ "format", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const struct formatter *fmt = formatter_find("table", DOC_SUMMARY);
	struct selection sel = { 0 };
	struct snapshot snap = { 0 };
	struct summary sum = { 0 };
	int status = EXIT_USAGE, c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:JF:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (selection_add_kinds(&sel, optarg) < 0)
				goto done;
			break;
		case 'J':
			fmt = formatter_find("json", DOC_SUMMARY);
			break;
		case 'F':
			fmt = formatter_find(optarg, DOC_SUMMARY);
			if (!fmt) {
				msg_error("unknown format '%s'; valid formats: %s", optarg,
					  formatters_names(DOC_SUMMARY));
				goto done;
			}
			break;
		case 'h':
			summary_usage(stdout);
			status = EXIT_OK;
			goto done;
		default:
			fprintf(stderr, "Try 'ipcscope summary --help'.\n");
			goto done;
		}
	}
	for (int i = optind; i < argc; i++)
		if (selection_add_kinds(&sel, argv[i]) < 0)
			goto done;

	status = EXIT_RUNTIME;
	if (snapshot_build(&snap, &sel) < 0)
		goto done;
	summary_build(&sum, &snap);
	snapshot_report(&snap);
	/* The summary's warnings begin with the snapshot's, just reported. */
	for (size_t i = snap.warnings.len; i < sum.warnings.len; i++)
		msg_warning(sum.warnings.items[i]);
	if (fmt->summary(&sum, stdout) < 0) {
		if (errno != EPIPE)
			msg_error("write error: %s", strerror(errno));
		goto done;
	}
	status = EXIT_OK;
done:
	summary_free(&sum);
	snapshot_free(&snap);
	selection_free(&sel);
	return status;
}

const struct command command_summary = {
	.name = "summary",
	.summary = "count objects per kind and show their use of the kernel's limits",
	.run = run_summary,
};
