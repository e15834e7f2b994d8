#include "commands.h"
#include "registry.h"

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
