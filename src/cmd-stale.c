/*
 * ipcscope stale: the objects nothing uses any more, each with the reason
 * and its last activity, in the same form as list prints them.
 */
#include "commands.h"
#include "list_options.h"
#include "util.h"

#include <stdio.h>

static void stale_usage(FILE *out)
{
	fprintf(out, "Usage: ipcscope stale [options] [KIND...]\n"
		     "\n"
		     "List IPC objects that nothing uses any more, with the reason: SysV\n"
		     "objects whose users are gone, POSIX objects nobody maps or has open,\n"
		     "and FIFOs and socket files that no process or socket uses.\n"
		     "\n");
	list_options_help(out, LIST_STALE_ONLY);
}

static int run_stale(int argc, char **argv)
{
	struct list_options o;
	int status = list_options_parse(&o, argc, argv, "stale", LIST_STALE_ONLY, stale_usage);

	if (status < 0)
		status = list_print(&o);
	list_options_free(&o);
	return status;
}

const struct command command_stale = {
	.name = "stale",
	.summary = "list objects nothing uses any more, with the reason",
	.run = run_stale,
};
