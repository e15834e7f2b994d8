/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_OPTION_PARSE_H
#define IPCSCOPE_OPTION_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct command;

/*
 * What giving an option does: `field` is the member of the command's
 * options struct the option's entry names (the whole struct when it names
 * none), `arg` its argument or NULL.  0 to go on; OPTION_DONE when it
 * printed what was asked and the command is to end with success (as
 * --list-columns does); -1 after a usage message.
 */
typedef int (*option_apply_fn)(void *field, const char *arg);
enum { OPTION_DONE = 1 };

enum {
	/* Another name of the option before it: the same action, in neither --help
	 * nor --list-options. */
	OPTION_ALIAS = 1 << 0,
	/* -h/--help: prints the command's help, made from its table, and ends it. */
	OPTION_IS_HELP = 1 << 1,
	/* Its argument is optional, and only ever given as --name=ARG. */
	OPTION_OPTIONAL_ARG = 1 << 2,
};

/*
 * One option of a command, or a group heading (only `group` set), or the end
 * of the table (all zero).  The table is the one place an option is
 * described: the parser, --help and --list-options read it.
 */
struct option_spec {
	const char *name;     /* long name, without "--" */
	char short_name;      /* 0 for none */
	const char *arg;      /* its argument as --help names it; NULL when it takes none */
	/* One line of --help; a '\n' goes on in the help column, "%s" is help_value(). */
	const char *help;
	const char *(*help_value)(void);
	option_apply_fn apply;
	size_t field;         /* offsetof the member apply() changes; 0 for the whole struct */
	unsigned flags;       /* OPTION_* */
	const char *group;    /* a heading in --help ("Output"), for the options after it */
};

#define OPTION_GROUP(title) { .group = (title) }
#define OPTION_HELP { "help", 'h', NULL, "this help", .flags = OPTION_IS_HELP }
#define OPTION_END { 0 }
/* A flag that sets the bool `member` of `type`. */
#define OPTION_FLAG(long_name, short_letter, type, member, help_text)                  \
	{ long_name, short_letter, NULL, help_text, .apply = option_set_true,          \
	  .field = offsetof(type, member) }

/* The usual appliers: a flag sets a bool; a string option keeps its argument. */
int option_set_true(void *field, const char *arg);
int option_set_string(void *field, const char *arg);

/*
 * Parse argv[1..] by the command's table; each option's apply() changes
 * `opts`, the command's options struct.  Returns -1 to go on, with
 * *operands the index in argv of the first argument that is not an option;
 * else the status to exit with: EXIT_OK after --help (or an option that is
 * done), EXIT_USAGE after a message.  getopt's own messages begin with
 * argv[0].
 */
int option_parse(const struct command *cmd, void *opts, int argc, char **argv, int *operands);

/* The command's --help: usage, description, options (with their groups), epilogue. */
void option_help(const struct command *cmd, FILE *out);
/* The option lines alone, the option column `width` wide. */
void option_help_table(FILE *out, const struct option_spec *table, int width);
/* "--kind", one per line: the options --help shows. */
void option_print_long_names(const struct command *cmd, FILE *out);

#endif
