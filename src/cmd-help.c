/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope help [COMMAND]: the usage of ipcscope, or of one command, as
 * git and ip give it; and the global usage that `ipcscope --help` prints.
 */
#include "commands.h"
#include "name_lists.h"
#include "util.h"

#include <stdio.h>

void global_usage(FILE *out)
{
	fputs("Usage: ipcscope [--help | --version] [COMMAND] [options]\n\n"
	      "Without a command, or with options only, ipcscope runs list.\n\nCommands:\n", out);
	for (size_t i = 0; i < commands_count(); i++)
		fprintf(out, "  %-8s %s\n", command_at(i)->name, command_at(i)->summary);
	fputs("\nNames, one per line, for completion scripts (in place of a command):\n", out);
	option_help_table(out, name_list_options, 29);
	fputs("\nRun 'ipcscope help COMMAND' or 'ipcscope COMMAND --help' for a command's options.\n",
	      out);
}

extern const struct command command_help;

static int run_help(int argc, char **argv)
{
	int first, status = option_parse(&command_help, NULL, argc, argv, &first);

	if (status >= 0)
		return status;
	if (first == argc) {
		global_usage(stdout);
		return EXIT_OK;
	}
	if (argc - first > 1) {
		msg_error("help takes one command; got '%s' after '%s'", argv[first + 1], argv[first]);
		return EXIT_USAGE;
	}
	const struct command *cmd = command_find(argv[first]);
	if (!cmd)
		return command_unknown(argv[first]);
	option_help(cmd, stdout);
	return EXIT_OK;
}

static const struct option_spec help_options[] = {
	OPTION_HELP,
	OPTION_END,
};

const struct command command_help = {
	.name = "help",
	.document = DOC_TEXT,
	.summary = "print the usage of ipcscope, or of one command",
	.usage = "[COMMAND]",
	.description = "Print the usage of ipcscope and its commands; with COMMAND, the command's\n"
		       "options, as 'ipcscope COMMAND --help' does.",
	.options = help_options,
	.run = run_help,
};
