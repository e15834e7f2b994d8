/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope locks: the file locks; with --deadlocks, the cycles of processes
 * each waiting for a lock the next one holds, and an exit status a
 * monitoring script can test.
 */
#include "commands.h"
#include "formatters.h"
#include "lock.h"
#include "report_options.h"
#include "selection.h"
#include "snapshot.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct command command_list;

extern const struct command command_locks;

static int find_deadlocks(bool json)
{
	struct selection sel = { 0 };
	struct snapshot snap = { 0 };
	struct lock_cycle *cycles = NULL;
	size_t n = 0;
	int status = EXIT_RUNTIME;

	if (selection_add_kinds(&sel, "lock") < 0)
		goto done;
	if (snapshot_build(&snap, &sel) < 0)
		goto done;
	snapshot_report(&snap);
	/* No answer is no all-clear either. */
	if (lock_deadlocks(&snap, &cycles, &n) < 0)
		goto done;
	formatter_find(json ? "json" : "text", DOC_DEADLOCKS)->deadlocks(cycles, n, &snap, stdout);
	if (fflush(stdout) != 0 && errno != EPIPE)
		msg_error("write error: %s", strerror(errno));
	/* A deadlock found is what this check reports: 1, as a failed check. */
	status = n ? 1 : EXIT_OK;
done:
	lock_cycles_free(cycles, n);
	snapshot_free(&snap);
	selection_free(&sel);
	return status;
}

/*
 * Whether an argument asks for --deadlocks, before knowing which parser
 * gets the rest: "--deadlocks" or an abbreviation getopt would accept, or a
 * cluster of short options that starts with d or holds d among its own
 * ("-d", "-dJ", "-Jd").
 */
static bool asks_for_deadlocks(const char *arg)
{
	size_t n = strlen(arg);

	if (strncmp(arg, "--", 2) == 0)
		return n > 2 && strncmp(arg, "--deadlocks", n) == 0;
	return arg[0] == '-' && n > 1 &&
	       (arg[1] == 'd' || (strchr(arg, 'd') && strspn(arg + 1, "dJhq") == n - 1));
}

struct locks_options {
	bool deadlocks, json;
};

static int run_locks(int argc, char **argv)
{
	struct locks_options o = { 0 };
	int first;

	for (int i = 1; i < argc; i++)
		o.deadlocks |= asks_for_deadlocks(argv[i]);
	if (!o.deadlocks) {
		/* The listing is list's, limited to locks. */
		char **args = xcalloc((size_t)argc + 3, sizeof(*args));
		args[0] = argv[0];
		args[1] = "--kind";
		args[2] = "lock";
		for (int i = 1; i < argc; i++) {
			if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
				free(args);
				option_help(&command_locks, stdout);
				return EXIT_OK;
			}
			args[i + 2] = argv[i];
		}
		int status = command_list.run(argc + 2, args);
		free(args);
		return status;
	}

	int status = option_parse(&command_locks, &o, argc, argv, &first);
	if (status >= 0)
		return status;
	if (first < argc) {
		msg_error("locks --deadlocks takes no arguments; got '%s'", argv[first]);
		return EXIT_USAGE;
	}
	return find_deadlocks(o.json);
}

static const struct option_spec locks_options[] = {
	OPTION_FLAG("deadlocks", 'd', struct locks_options, deadlocks,
		    "print each cycle of processes waiting for each other's\n"
		    "locks; exit 1 when there is one, 0 when there is none"),
	OPTION_FLAG("json", 'J', struct locks_options, json, "with --deadlocks: one JSON document"),
	QUIET_OPTION,
	OPTION_HELP,
	OPTION_END,
};

const struct command command_locks = {
	.name = "locks",
	.document = DOC_OBJECTS,
	.summary = "list file locks, or find deadlocks among them (--deadlocks)",
	.usage = "[list options]\n--deadlocks [--json]",
	.description = "List file locks, as 'ipcscope list lock' does; or look for deadlocks.",
	.options = locks_options,
	.option_width = 16,
	.epilogue = "Without --deadlocks every option of 'ipcscope list' applies; see\n"
		    "'ipcscope list --help'.",
	.run = run_locks,
};
