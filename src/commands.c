/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "commands.h"
#include "registry.h"
#include "util.h"

#include <stdio.h>

extern const struct command command_list;
extern const struct command command_locks;
extern const struct command command_watch;
extern const struct command command_summary;
extern const struct command command_load;
extern const struct command command_stale;
extern const struct command command_clean;
extern const struct command command_graph;
extern const struct command command_serve;
extern const struct command command_help;

static const struct command *const command_table[] = {
	&command_list,
	&command_locks,
	&command_watch,
	&command_summary,
	&command_load,
	&command_stale,
	&command_clean,
	&command_graph,
	&command_serve,
	&command_help,
};

static const struct registry commands = REGISTRY_OF(command_table);

const struct command *command_find(const char *name)
{
	return registry_find(&commands, name);
}

size_t commands_count(void)
{
	return commands.n;
}

const struct command *command_at(size_t i)
{
	return registry_at(&commands, i);
}

const char *command_suggest(const char *name)
{
	return registry_suggest(&commands, name);
}

int command_unknown(const char *name)
{
	const char *near = command_suggest(name);

	if (near)
		msg_error("unknown command '%s'; did you mean '%s'?", name, near);
	else
		msg_error("unknown command '%s'; the commands: %s", name, command_names());
	fputs("Run 'ipcscope help' for the usage.\n", stderr);
	return EXIT_USAGE;
}

const char *command_names(void)
{
	static char buf[256];

	return registry_names(&commands, NULL, NULL, buf, sizeof(buf));
}
