#include "commands.h"
#include "util.h"

#include <string.h>

extern const struct command command_list;
extern const struct command command_locks;
extern const struct command command_watch;
extern const struct command command_summary;
extern const struct command command_load;
extern const struct command command_stale;
extern const struct command command_clean;

static const struct command *const command_table[] = {
	&command_list,
	&command_locks,
	&command_watch,
	&command_summary,
	&command_load,
	&command_stale,
	&command_clean,
};

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(command_table); i++)
		if (strcmp(command_table[i]->name, name) == 0)
			return command_table[i];
	return NULL;
}

size_t commands_count(void)
{
	return ARRAY_SIZE(command_table);
}

const struct command *command_at(size_t i)
{
	return i < ARRAY_SIZE(command_table) ? command_table[i] : NULL;
}
