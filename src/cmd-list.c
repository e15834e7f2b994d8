/* ipcscope list: every selected object, one row or JSON object each. */
#include "commands.h"
#include "list_options.h"
#include "snapshot.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void list_usage(FILE *out)
{
	fprintf(out, "Usage: ipcscope list [options] [KIND...]\n"
		     "\n"
		     "List IPC objects and the processes that hold them.\n"
		     "\n");
	list_options_help(out, LIST_STALE_MARK);
}

int list_print(const struct list_options *o)
{
	struct snapshot snap = { 0 };
	int status = EXIT_RUNTIME;

	if (snapshot_build(&snap, &o->sel) < 0)
		goto done;
	snapshot_report(&snap);
	if (o->fmt->objects(&snap, &o->out, stdout) < 0) {
		if (errno != EPIPE)
			msg_error("write error: %s", strerror(errno));
		goto done;
	}
	status = EXIT_OK;
done:
	snapshot_free(&snap);
	return status;
}

static int run_list(int argc, char **argv)
{
	struct list_options o;
	int status = list_options_parse(&o, argc, argv, "list", LIST_STALE_MARK, list_usage);

	if (status < 0)
		status = list_print(&o);
	list_options_free(&o);
	return status;
}

const struct command command_list = {
	.name = "list",
	.summary = "list IPC objects and who holds them",
	.run = run_list,
};
