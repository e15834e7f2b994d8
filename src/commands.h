#ifndef IPCSCOPE_COMMANDS_H
#define IPCSCOPE_COMMANDS_H

#include <stddef.h>

/* One subcommand; each lives in src/cmd-NAME.c and is registered in commands.c. */
struct command {
	const char *name; /* first: the registry (registry.h) finds it by this name */
	const char *summary;
	/* argv[0] is the command's name; returns an exit status. */
	int (*run)(int argc, char **argv);
};

const struct command *command_find(const char *name);
size_t commands_count(void);
const struct command *command_at(size_t i);

#endif
