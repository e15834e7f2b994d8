/*
 * Which document each command prints, and so which formats it takes: the
 * formats whose struct formatter has a hook for that document.
 */
#include "format_list.h"
#include "formatters.h"
#include "util.h"

#include <string.h>

static const struct {
	const char *command;
	enum document document;
} command_documents[] = {
	{ "list", DOC_OBJECTS },   { "locks", DOC_OBJECTS }, { "watch", DOC_WATCH },
	{ "summary", DOC_SUMMARY }, { "load", DOC_MANIFEST }, { "stale", DOC_OBJECTS },
	{ "clean", DOC_CLEAN },
};

const char *format_names_of(const char *command)
{
	for (size_t i = 0; i < ARRAY_SIZE(command_documents); i++)
		if (strcmp(command_documents[i].command, command) == 0)
			return formatters_names(command_documents[i].document);
	return NULL;
}
