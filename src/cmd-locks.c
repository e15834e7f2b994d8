/*
 * ipcscope locks: the file locks; with --deadlocks, the cycles of processes
 * each waiting for a lock the next one holds, and an exit status a
 * monitoring script can test.
 */
#include "commands.h"
#include "formatters.h"
#include "lock.h"
#include "selection.h"
#include "snapshot.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct command command_list;

static void locks_usage(FILE *out)
{
	fprintf(out,
		"Usage: ipcscope locks [list options]\n"
		"       ipcscope locks --deadlocks [--json]\n"
		"\n"
		"List file locks, as 'ipcscope list lock' does; or look for deadlocks.\n"
		"\n"
		"  -d, --deadlocks   print each cycle of processes waiting for each other's\n"
		"                    locks; exit 1 when there is one, 0 when there is none\n"
		"  -J, --json        with --deadlocks: one JSON document\n"
		"  -h, --help        this help\n"
		"\n"
		"Without --deadlocks every option of 'ipcscope list' applies; see\n"
		"'ipcscope list --help'.\n");
}

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
	       (arg[1] == 'd' || (strchr(arg, 'd') && strspn(arg + 1, "dJh") == n - 1));
}

static int run_locks(int argc, char **argv)
{
	bool deadlocks = false, json = false;

	for (int i = 1; i < argc; i++)
		deadlocks |= asks_for_deadlocks(argv[i]);
	if (!deadlocks) {
		/* The listing is list's, limited to locks. */
		char **args = xcalloc((size_t)argc + 3, sizeof(*args));
		args[0] = argv[0];
		args[1] = "--kind";
		args[2] = "lock";
		for (int i = 1; i < argc; i++) {
			if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
				free(args);
				locks_usage(stdout);
				return EXIT_OK;
			}
			args[i + 2] = argv[i];
		}
		int status = command_list.run(argc + 2, args);
		free(args);
		return status;
	}

	static const struct option longopts[] = {
		{ "deadlocks", no_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "dJh", longopts, NULL)) != -1) {
		switch (c) {
		case 'd':
			break;
		case 'J':
			json = true;
			break;
		case 'h':
			locks_usage(stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, "Try 'ipcscope locks --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		msg_error("locks --deadlocks takes no arguments; got '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	return find_deadlocks(json);
}

const struct command command_locks = {
	.name = "locks",
	.summary = "list file locks, or find deadlocks among them (--deadlocks)",
	.run = run_locks,
};
