/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "list_options.h"
#include "columns.h"
#include "commands.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const struct option_spec list_family_options[] = {
	LIST_SELECTION_OPTIONS,
	LIST_STALE_MARK_OPTION,
	LIST_STALE_ONLY_OPTIONS,
	LIST_REMOVAL_OPTIONS,
	LIST_OUTPUT_OPTIONS,
	OPTION_END,
};

int list_apply_older_than(void *sel, const char *arg)
{
	return selection_set_older_than(sel, arg);
}

int list_apply_path(void *sel, const char *arg)
{
	return selection_add_stale_path(sel, arg);
}

/*
 * The format is named while parsing and found once the command's document
 * is known: clean writes its results, the others the objects.
 */
int list_apply_json(void *format_name, const char *arg)
{
	(void)arg;
	*(const char **)format_name = "json";
	return 0;
}

int list_apply_ndjson(void *format_name, const char *arg)
{
	(void)arg;
	*(const char **)format_name = "ndjson";
	return 0;
}

int list_apply_format(void *format_name, const char *arg)
{
	*(const char **)format_name = arg;
	return 0;
}

const char *list_format_names(void)
{
	return formatters_names(DOC_OBJECTS);
}

int list_apply_width(void *width, const char *arg)
{
	uint64_t n;

	/* Narrower than a heading or two it would be all cut; wider is no terminal. */
	if (parse_u64(arg, &n) < 0 || n < 20 || n > 10000) {
		msg_error("invalid width '%s'; --width takes a number of columns, 20 to 10000", arg);
		return -1;
	}
	*(int *)width = (int)n;
	return 0;
}

int list_apply_list_columns(void *unused, const char *arg)
{
	int width = 0;

	(void)unused;
	(void)arg;
	for (size_t i = 0; i < columns_count(); i++) {
		int n = (int)strlen(column_at(i)->name);
		if (n > width)
			width = n;
	}
	for (size_t i = 0; i < columns_count(); i++)
		printf("%-*s  %s\n", width, column_at(i)->name, column_at(i)->help);
	return OPTION_DONE;
}

int list_options_parse(struct list_options *o, const struct command *cmd, int argc, char **argv,
		       bool stale_only)
{
	int first;

	*o = (struct list_options){ .format_name = "table" };
	o->sel.stale = o->sel.stale_only = stale_only;
	int status = option_parse(cmd, o, argc, argv, &first);
	if (status >= 0)
		return status;
	o->fmt = formatter_find(o->format_name, cmd->document);
	if (!o->fmt) {
		msg_error("unknown format '%s'; valid formats: %s", o->format_name,
			  formatters_names(cmd->document));
		return EXIT_USAGE;
	}
	if (o->yes && o->dry_run) {
		msg_error("%s: --yes and --dry-run contradict each other: --dry-run removes nothing, "
			  "--yes removes without asking; give one of them", cmd->name);
		return EXIT_USAGE;
	}
	if (selection_add_kind_operands(&o->sel, argc, argv, first) < 0)
		return EXIT_USAGE;
	selection_default_kinds(&o->sel);
	if (selection_check_filter(&o->sel) < 0)
		return EXIT_USAGE;
	selection_default_stale_paths(&o->sel);
	if (columns_choose(o->column_spec, &o->sel, &o->out.columns, &o->out.ncolumns) < 0)
		return EXIT_USAGE;
	/* As lsfd: -o A,B names the JSON members too; +A,B leaves them all. */
	o->out.json_columns = o->column_spec && o->column_spec[0] != '+';
	if (o->sort_spec && sort_keys_parse(&o->sort, o->sort_spec) < 0)
		return EXIT_USAGE;
	if (stale_only)
		o->out.whole = column_find("NAME");
	if (selection_check_pids(&o->sel) < 0)
		return EXIT_RUNTIME;
	return -1;
}

void list_options_free(struct list_options *o)
{
	free(o->out.columns);
	sort_keys_free(&o->sort);
	selection_free(&o->sel);
}
