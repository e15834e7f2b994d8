/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_COMMANDS_H
#define IPCSCOPE_COMMANDS_H

#include "formatters.h"
#include "option_parse.h"

#include <stddef.h>
#include <stdio.h>

/*
 * One subcommand; each lives in src/cmd-NAME.c and is registered in
 * commands.c.  Its entry says all the command line knows of it: option_parse()
 * reads its options from here, and --help is made from here.
 */
struct command {
	const char *name; /* first: the registry (registry.h) finds it by this name */
	const char *summary;
	/* What it prints, which decides the formats it takes (--format, --list-formats). */
	enum document document;
	/* What follows "Usage: ipcscope NAME "; a '\n' before each other form. */
	const char *usage;
	/* What it does, for --help; "%s" is description_value(). */
	const char *description;
	const char *(*description_value)(void);
	/* Its options, in the order --help shows them; OPTION_END ends them. */
	const struct option_spec *options;
	/*
	 * Every option of a family of commands that share one set (list, stale,
	 * clean): one of them given to a command that does not take it is
	 * named as unknown to that command.  NULL for a command of its own.
	 */
	const struct option_spec *family_options;
	/* The width of the option column of --help; 0 for the usual 23. */
	int option_width;
	/* After the options in --help; NULL for nothing. */
	const char *epilogue;
	/* argv[0] is the command's name; returns an exit status. */
	int (*run)(int argc, char **argv);
};

const struct command *command_find(const char *name);
size_t commands_count(void);
const struct command *command_at(size_t i);
/* The command name closest to a misspelled one, or NULL. */
const char *command_suggest(const char *name);
/* "list, locks, ...": every command's name. */
const char *command_names(void);
/* Says name is no command, and what was likely meant; returns EXIT_USAGE. */
int command_unknown(const char *name);
/* ipcscope's own usage: the commands, and the name lists for completion. */
void global_usage(FILE *out);

#endif
