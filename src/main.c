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

static void usage(FILE *out)
{
	fputs("Usage: ipcscope [--help | --version] COMMAND [options]\n\nCommands:\n", out);
	for (size_t i = 0; i < commands_count(); i++)
		fprintf(out, "  %-8s %s\n", command_at(i)->name, command_at(i)->summary);
	fputs("\nNames, one per line, for completion scripts (in place of a command):\n", out);
	option_help_table(out, name_list_options, 29);
	fputs("\nRun 'ipcscope COMMAND --help' for a command's options.\n", out);
}

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

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	bool help = strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0;
	bool version = strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0;
	if ((help || version) && argc > 2) {
		msg_error("%s takes no arguments; got '%s'%s", argv[1], argv[2],
			  help ? " (a command's own help: ipcscope COMMAND --help)" : "");
		return EXIT_USAGE;
	}
	if (help) {
		usage(stdout);
		return close_stdout(EXIT_OK);
	}
	if (version) {
		printf("ipcscope %s\n", IPCSCOPE_VERSION);
		return close_stdout(EXIT_OK);
	}
	int listed = name_lists_run(argc, argv);
	if (listed >= 0)
		return close_stdout(listed);
	const struct command *cmd = command_find(argv[1]);
	if (!cmd) {
		msg_error("unknown command '%s'", argv[1]);
		usage(stderr);
		return EXIT_USAGE;
	}
	/* getopt prefixes its messages with argv[0]: make that "ipcscope list". */
	char *name = xasprintf("ipcscope %s", argv[1]);
	argv[1] = name;
	int status = cmd->run(argc - 1, argv + 1);
	free(name);
	users_cache_free();
	return close_stdout(status);
}
