/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "commands.h"
#include "name_lists.h"
#include "users.h"
#include "util.h"
#include "version.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Report a failed write of buffered output, except to a reader that went away. */
static int close_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout) || close(STDOUT_FILENO) != 0) {
		if (errno == EPIPE)
			return status;
		msg_error("write error: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	return status;
}

/*
 * The command argv[1] names; with none, or with options only, list (as lsfd
 * and ss list without one).
 */
static int run_command(int argc, char **argv)
{
	bool implied = argc < 2 || argv[1][0] == '-';
	const struct command *cmd = command_find(implied ? "list" : argv[1]);

	if (!cmd)
		return command_unknown(argv[1]);
	/* getopt prefixes its messages with argv[0]: make that "ipcscope list". */
	char *name = xasprintf("ipcscope %s", cmd->name);
	char **args = xcalloc((size_t)argc + 2, sizeof(*args));
	int nargs = 0;

	args[nargs++] = name;
	for (int i = implied ? 1 : 2; i < argc; i++)
		args[nargs++] = argv[i];
	int status = cmd->run(nargs, args);
	free(args);
	free(name);
	return status;
}

int main(int argc, char **argv)
{
	/* `ipcscope list | head -1` should end quietly, as cat does, even when
	 * the caller left SIGPIPE ignored. */
	signal(SIGPIPE, SIG_DFL);
	/* The table library measures and escapes text by the character set of
	 * the user's locale: "/…" stays one character wide in a UTF-8 terminal
	 * rather than turning into \x escapes.  Only LC_CTYPE: numbers and
	 * times are written the same everywhere. */
	setlocale(LC_CTYPE, "");

	const char *first = argc < 2 ? "" : argv[1];
	bool help = strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0;
	bool version = strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0;
	if ((help || version) && argc > 2) {
		msg_error("%s takes no arguments; got '%s'%s", argv[1], argv[2],
			  help ? " (a command's own help: ipcscope COMMAND --help)" : "");
		return EXIT_USAGE;
	}
	if (help) {
		global_usage(stdout);
		return close_stdout(EXIT_OK);
	}
	if (version) {
		printf("ipcscope %s%s\n", IPCSCOPE_VERSION, IPCSCOPE_FEATURES);
		return close_stdout(EXIT_OK);
	}
	int listed = argc < 2 ? -1 : name_lists_run(argc, argv);
	if (listed >= 0)
		return close_stdout(listed);
	int status = run_command(argc, argv);
	users_cache_free();
	return close_stdout(status);
}
