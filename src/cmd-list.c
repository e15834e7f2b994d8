/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ipcscope list: every selected object, one row or JSON object each. */
#include "columns.h"
#include "commands.h"
#include "list_options.h"
#include "snapshot.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const struct command command_list;

int list_print(const struct list_options *o)
{
	struct snapshot snap = { 0 };
	int status = EXIT_RUNTIME;

	struct output_options out = o->out;
	const struct column **with_container = NULL;

	if (snapshot_build(&snap, &o->sel) < 0)
		goto done;
	snapshot_report(&snap);
	sort_objects(&o->sort, snap.objects, snap.nobjects);
	if (columns_are_overview(o->column_spec, &o->sel) &&
	    objects_have_container(snap.objects, snap.nobjects))
		out.columns = with_container = columns_with_container(o->out.columns, &out.ncolumns);
	if (o->fmt->objects(&snap, &out, stdout) < 0) {
		if (errno != EPIPE)
			msg_error("write error: %s", strerror(errno));
		goto done;
	}
	status = EXIT_OK;
done:
	free(with_container);
	snapshot_free(&snap);
	return status;
}

static int run_list(int argc, char **argv)
{
	struct list_options o;
	int status = list_options_parse(&o, &command_list, argc, argv, false);

	if (status < 0)
		status = list_print(&o);
	list_options_free(&o);
	return status;
}

static const struct option_spec list_options[] = {
	LIST_SELECTION_OPTIONS,
	LIST_STALE_MARK_OPTION,
	LIST_OUTPUT_OPTIONS,
	OPTION_END,
};

const struct command command_list = {
	.name = "list",
	.document = DOC_OBJECTS,
	.summary = "list IPC objects and who holds them",
	.usage = "[options] [KIND...]",
	.description = "List IPC objects and the processes that hold them.",
	.options = list_options,
	.family_options = list_family_options,
	.run = run_list,
};
