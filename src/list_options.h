#ifndef IPCSCOPE_LIST_OPTIONS_H
#define IPCSCOPE_LIST_OPTIONS_H

#include "formatters.h"
#include "selection.h"

#include <stdbool.h>
#include <stdio.h>

/*
 * The options of the commands that list objects: list, stale and clean
 * (and locks, through list).  One parser, so that a selection or output
 * option means the same in each.
 */
struct list_options {
	struct selection sel;
	struct output_options out;
	const struct formatter *fmt;
	const char *column_spec;
	bool yes, dry_run, ignore_unreadable; /* clean */
};

enum list_extras {
	LIST_STALE_MARK = 1 << 0, /* --stale: judge every object, mark the stale ones */
	LIST_STALE_ONLY = 1 << 1, /* only stale objects, with --path and --older-than */
	LIST_CLEAN = 1 << 2,      /* --yes, --dry-run, --ignore-unreadable */
};

/*
 * Parse argv: options and KIND arguments.  Returns -1 to go on, or the
 * status to exit with: EXIT_OK after --help or --list-columns, EXIT_USAGE
 * after a message.  usage() prints the command's own help.
 */
int list_options_parse(struct list_options *o, int argc, char **argv, const char *command,
		       unsigned extras, void (*usage)(FILE *out));
/* The options every listing command takes, for its --help. */
void list_options_help(FILE *out, unsigned extras);
void list_options_free(struct list_options *o);
/* Build the snapshot and print it as the options say: the exit status. */
int list_print(const struct list_options *o);

#endif
