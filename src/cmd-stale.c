/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope stale: the objects nothing uses any more, each with the reason
 * and its last activity, in the same form as list prints them.
 */
#include "commands.h"
#include "list_options.h"
#include "util.h"

#include <stdio.h>

extern const struct command command_stale;

static int run_stale(int argc, char **argv)
{
	struct list_options o;
	int status = list_options_parse(&o, &command_stale, argc, argv, true);

	if (status < 0)
		status = list_print(&o);
	list_options_free(&o);
	return status;
}

static const struct option_spec stale_options[] = {
	LIST_SELECTION_OPTIONS,
	LIST_STALE_ONLY_OPTIONS,
	LIST_OUTPUT_OPTIONS,
	OPTION_END,
};

const struct command command_stale = {
	.name = "stale",
	.document = DOC_OBJECTS,
	.summary = "list objects nothing uses any more, with the reason",
	.usage = "[options] [KIND...]",
	.description = "List IPC objects that nothing uses any more, with the reason: SysV\n"
		       "objects whose users are gone, POSIX objects nobody maps or has open,\n"
		       "and FIFOs and socket files that no process or socket uses.",
	.options = stale_options,
	.family_options = list_family_options,
	.run = run_stale,
};
