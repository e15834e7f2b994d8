/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_LIST_OPTIONS_H
#define IPCSCOPE_LIST_OPTIONS_H

#include "formatters.h"
#include "json_schema.h"
#include "option_parse.h"
#include "report_options.h"
#include "selection.h"
#include "selection_options.h"
#include "sort.h"

#include <stdbool.h>
#include <stddef.h>

struct command;

/*
 * The options of the commands that list objects: list, stale and clean
 * (and locks, through list).  Each command's table takes the groups below
 * that it has, so that a selection or output option means the same in each.
 */
struct list_options {
	struct selection sel;
	struct output_options out;
	const char *format_name; /* as given; fmt is found from it after parsing */
	const struct formatter *fmt;
	const char *column_spec;
	const char *sort_spec;
	struct sort_keys sort; /* from sort_spec; none: the snapshot's order */
	bool yes, dry_run, ignore_unreadable; /* clean */
};

int list_apply_older_than(void *sel, const char *arg);
int list_apply_path(void *sel, const char *arg);
int list_apply_json(void *format_name, const char *arg);
int list_apply_ndjson(void *format_name, const char *arg);
int list_apply_format(void *format_name, const char *arg);
/* For --help: the formats that write objects (the same that write clean's results). */
const char *list_format_names(void);
int list_apply_list_columns(void *unused, const char *arg);
int list_apply_width(void *width, const char *arg);

#define LIST_SELECTION_OPTIONS OPTION_GROUP("Selection"), SELECTION_OPTIONS(struct list_options, sel)

/* list: judge every object, and mark the stale ones. */
#define LIST_STALE_MARK_OPTION                                                                  \
	OPTION_FLAG("stale", 0, struct list_options, sel.stale,                                \
		    "mark stale objects (STALE column, \"stale\" in JSON)")

/* stale and clean: only stale objects, idle long enough, and where to look for files. */
#define LIST_STALE_ONLY_OPTIONS                                                                 \
	{ "older-than", 0, "DURATION", "only those idle that long: 30s, 10m, 2h, 7d, 1h30m",   \
	  .apply = list_apply_older_than, .field = offsetof(struct list_options, sel) },       \
	{ "path", 0, "DIR",                                                                    \
	  "where to look for unused FIFOs and socket files\n"                                  \
	  "(repeatable; default /tmp, /run, /var/tmp, /dev/shm)",                              \
	  .apply = list_apply_path, .field = offsetof(struct list_options, sel) }

/* clean. */
#define LIST_REMOVAL_OPTIONS                                                                    \
	OPTION_GROUP("Removal"),                                                               \
	OPTION_FLAG("yes", 'y', struct list_options, yes,                                      \
		    "remove without asking (needed off a terminal)"),                          \
	OPTION_FLAG("dry-run", 0, struct list_options, dry_run,                                \
		    "show what would be removed, remove nothing"),                             \
	OPTION_FLAG("ignore-unreadable", 0, struct list_options, ignore_unreadable,            \
		    "remove POSIX objects and FIFOs even when a process\n"                     \
		    "that could hold them could not be read")

#define LIST_OUTPUT_OPTIONS                                                                     \
	OPTION_GROUP("Output"),                                                                \
	{ "json", 'J', NULL, "one JSON document (schema " IPCSCOPE_JSON_SCHEMA ")",                          \
	  .apply = list_apply_json, .field = offsetof(struct list_options, format_name) },             \
	{ "ndjson", 0, NULL, "one JSON object per line",                                       \
	  .apply = list_apply_ndjson, .field = offsetof(struct list_options, format_name) },           \
	{ "format", 'F', "FORMAT", "%s", .help_value = list_format_names,                       \
	  .apply = list_apply_format, .field = offsetof(struct list_options, format_name) },           \
	{ "output", 'o', "COLS", "table columns; +COLS adds to the defaults",                  \
	  .apply = option_set_string, .field = offsetof(struct list_options, column_spec) },   \
	{ "sort", 0, "COLS", "sort by these columns; -COL or COL:desc for descending",         \
	  .apply = option_set_string, .field = offsetof(struct list_options, sort_spec) },     \
	OPTION_FLAG("noheadings", 'n', struct list_options, out.noheadings, "no table heading"), \
	OPTION_FLAG("raw", 'r', struct list_options, out.raw,                                  \
		    "raw table: fields separated by one space"),                               \
	OPTION_FLAG("notruncate", 0, struct list_options, out.notruncate,                      \
		    "cut no column to fit the terminal"),                                      \
	{ "width", 'w', "N", "lay the table out for N columns, terminal or not",               \
	  .apply = list_apply_width, .field = offsetof(struct list_options, out.width) },      \
	{ "list-columns", 'H', NULL, "list the table columns and exit",                        \
	  .apply = list_apply_list_columns },                                                  \
	BYTES_OPTION,                                                                          \
	QUIET_OPTION,                                                                          \
	OPTION_HELP

/* Every option of the three, which each names as unknown to it when it does not take it. */
extern const struct option_spec list_family_options[];

/*
 * Parse argv by cmd's table: options and KIND arguments; with stale_only,
 * only stale objects are listed (stale, clean); the command's document
 * decides the formats it takes.  Returns -1 to go on, or
 * the status to exit with: EXIT_OK after --help or --list-columns,
 * EXIT_USAGE after a message.
 */
int list_options_parse(struct list_options *o, const struct command *cmd, int argc, char **argv,
		       bool stale_only);
void list_options_free(struct list_options *o);
/* Build the snapshot and print it as the options say: the exit status. */
int list_print(const struct list_options *o);

#endif
