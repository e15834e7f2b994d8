/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "name_lists.h"
#include "columns.h"
#include "commands.h"
#include "formatters.h"
#include "ipc_object.h"
#include "kinds.h"
#include "load.h"
#include "registry.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

static int print_commands(void *unused, const char *arg)
{
	(void)unused;
	(void)arg;
	for (size_t i = 0; i < commands_count(); i++)
		printf("%s\n", command_at(i)->name);
	return 0;
}

static const struct command *find_command(const char *option, const char *name)
{
	const struct command *cmd = command_find(name);

	if (!cmd)
		msg_error("%s: unknown command '%s';%s ipcscope --list-commands lists them", option,
			  name, did_you_mean(command_suggest(name)));
	return cmd;
}

static int print_options(void *unused, const char *command)
{
	const struct command *cmd = find_command("--list-options", command);

	(void)unused;
	if (!cmd)
		return -1;
	option_print_long_names(cmd, stdout);
	return 0;
}

/* stale and clean judge, by default, the kinds that can remove what is stale (as selection does). */
static int print_kinds(void *unused, const char *which)
{
	(void)unused;
	if (which && strcmp(which, "load") == 0) {
		for (size_t i = 0; i < load_factories_count(); i++)
			printf("%s\n", load_factory_at(i)->kind);
		return 0;
	}
	if (which && strcmp(which, "stale") != 0) {
		msg_error("--list-kinds takes stale or load; got '%s'", which);
		return -1;
	}
	for (size_t k = 0; k < kinds_count(); k++)
		if (!which || kind_at(k)->remove)
			printf("%s\n", kind_at(k)->name);
	return 0;
}

/* A column every object has, or one of the kind's own values. */
static bool kind_has_column(const struct kind *kind, const struct column *col)
{
	if (!col->attr_json)
		return true;
	for (size_t a = 0; a < kind->nattrs; a++)
		if (strcmp(kind->attrs[a]->json, col->attr_json) == 0)
			return true;
	return false;
}

static int print_columns(void *unused, const char *kind_name)
{
	int k = kind_name ? kind_find(kind_name) : -1;

	(void)unused;
	if (kind_name && k < 0) {
		msg_error("unknown kind '%s';%s valid kinds: %s", kind_name,
			  did_you_mean(kind_suggest(kind_name)), kinds_names());
		return -1;
	}
	for (size_t i = 0; i < columns_count(); i++)
		if (k < 0 || kind_has_column(kind_at((size_t)k), column_at(i)))
			printf("%s\n", column_at(i)->name);
	return 0;
}

static int print_formats(void *unused, const char *command)
{
	const struct command *cmd = NULL;

	(void)unused;
	if (command && !(cmd = find_command("--list-formats", command)))
		return -1;
	for (size_t i = 0; i < formatters_count(); i++)
		if (!cmd || formatter_writes(formatter_at(i), cmd->document))
			printf("%s\n", formatter_at(i)->name);
	return 0;
}

const struct option_spec name_list_options[] = {
	{ "list-commands", 0, NULL, "the commands", .apply = print_commands },
	{ "list-options", 0, "=COMMAND", "the long options of COMMAND", .apply = print_options },
	{ "list-kinds", 0, "[=stale|load]",
	  "the kinds; with stale, those stale and clean look at;\nwith load, those load makes",
	  .apply = print_kinds, .flags = OPTION_OPTIONAL_ARG },
	{ "list-columns", 0, "[=KIND]", "the table columns, or those objects of KIND have",
	  .apply = print_columns, .flags = OPTION_OPTIONAL_ARG },
	{ "list-formats", 0, "[=COMMAND]", "the output formats, or those COMMAND writes",
	  .apply = print_formats, .flags = OPTION_OPTIONAL_ARG },
	OPTION_END,
};

static const struct option_spec *find_list(const char *word, const char **value)
{
	if (strncmp(word, "--", 2) != 0)
		return NULL;
	word += 2;
	size_t len = strcspn(word, "=");
	for (const struct option_spec *s = name_list_options; s->name; s++)
		if (strlen(s->name) == len && strncmp(s->name, word, len) == 0) {
			*value = word[len] ? word + len + 1 : NULL;
			return s;
		}
	return NULL;
}

int name_lists_run(int argc, char **argv)
{
	const char *value = NULL;
	const struct option_spec *s = find_list(argv[1], &value);
	int next = 2;

	if (!s)
		return -1;
	if (!s->arg && value) {
		msg_error("--%s takes no value; got '%s'", s->name, value);
		return EXIT_USAGE;
	}
	if (s->arg && !(s->flags & OPTION_OPTIONAL_ARG) && !value) {
		if (argc <= 2) {
			msg_error("--%s needs a value: --%s%s", s->name, s->name, s->arg);
			return EXIT_USAGE;
		}
		value = argv[next++];
	}
	if (argc > next) {
		if (s->flags & OPTION_OPTIONAL_ARG)
			msg_error("--%s takes no arguments; got '%s' (a value goes after '=': --%s=%s)",
				  s->name, argv[next], s->name, argv[next]);
		else
			msg_error("--%s takes no arguments; got '%s'", s->name, argv[next]);
		return EXIT_USAGE;
	}
	return s->apply(NULL, value) < 0 ? EXIT_USAGE : EXIT_OK;
}
