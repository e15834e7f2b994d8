/*
 * Which registry of output formats serves which command.  watch and load
 * have no registry: their two formats are chosen by --ndjson and --json.
 */
#include "format_list.h"
#include "formatters.h"
#include "summary_formats.h"
#include "util.h"

#include <string.h>

static const char *watch_formats(void)
{
	return "text, ndjson";
}

static const char *load_formats(void)
{
	return "table, json";
}

static const struct {
	const char *command;
	const char *(*names)(void);
} command_formats[] = {
	{ "list", formatters_names },
	{ "locks", formatters_names },
	{ "watch", watch_formats },
	{ "summary", summary_formats_names },
	{ "load", load_formats },
	{ "stale", formatters_names },
	{ "clean", formatters_names },
};

const char *format_names_of(const char *command)
{
	for (size_t i = 0; i < ARRAY_SIZE(command_formats); i++)
		if (strcmp(command_formats[i].command, command) == 0)
			return command_formats[i].names();
	return NULL;
}
