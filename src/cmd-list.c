/* ipcscope list: every selected object, one row or JSON object each. */
#include "columns.h"
#include "commands.h"
#include "formatters.h"
#include "kinds.h"
#include "selection.h"
#include "snapshot.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void list_usage(FILE *out)
{
	fprintf(out,
		"Usage: ipcscope list [options] [KIND...]\n"
		"\n"
		"List IPC objects and the processes that hold them.\n"
		"\n"
		"Selection:\n"
		"  -k, --kind KIND[,KIND]   only these kinds (also as arguments): %s\n"
		"  -p, --pid PID[,PID]      only objects one of these processes holds\n"
		"  -u, --user USER          only objects USER owns or holds (name or uid)\n"
		"      --name PATTERN       only objects whose name or path matches (shell pattern)\n"
		"      --port PORT[,PORT]   only sockets with one of these local or remote ports\n"
		"\n"
		"Output:\n"
		"  -J, --json               one JSON document (schema ipcscope/1)\n"
		"      --ndjson             one JSON object per line\n"
		"  -F, --format FORMAT      %s\n"
		"  -o, --output COLS        table columns; +COLS adds to the defaults\n"
		"  -n, --noheadings         no table heading\n"
		"  -r, --raw                raw table: fields separated by one space\n"
		"  -H, --list-columns       list the table columns and exit\n"
		"  -h, --help               this help\n",
		kinds_names(), formatters_names());
}

static void list_columns(void)
{
	int width = 0;

	for (size_t i = 0; i < columns_count(); i++) {
		int n = (int)strlen(column_at(i)->name);
		if (n > width)
			width = n;
	}
	for (size_t i = 0; i < columns_count(); i++)
		printf("%-*s  %s\n", width, column_at(i)->name, column_at(i)->help);
}

static int run_list(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "pid", required_argument, NULL, 'p' },
		{ "user", required_argument, NULL, 'u' },
		{ "name", required_argument, NULL, 'M' },
		{ "port", required_argument, NULL, 'P' },
		{ "json", no_argument, NULL, 'J' },
		{ "ndjson", no_argument, NULL, 'N' },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct selection sel = { 0 };
	struct snapshot snap = { 0 };
	struct output_options out = { 0 };
	const struct formatter *fmt = formatter_find("table");
	const char *column_spec = NULL;
	int status = EXIT_USAGE, c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:p:u:JF:o:nrHh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (selection_add_kinds(&sel, optarg) < 0)
				goto done;
			break;
		case 'p':
			if (selection_add_pids(&sel, optarg) < 0)
				goto done;
			break;
		case 'u':
			if (selection_set_user(&sel, optarg) < 0)
				goto done;
			break;
		case 'M':
			if (selection_set_name(&sel, optarg) < 0)
				goto done;
			break;
		case 'P':
			if (selection_add_ports(&sel, optarg) < 0)
				goto done;
			break;
		case 'J':
			fmt = formatter_find("json");
			break;
		case 'N':
			fmt = formatter_find("ndjson");
			break;
		case 'F':
			fmt = formatter_find(optarg);
			if (!fmt) {
				msg_error("unknown format '%s'; valid formats: %s", optarg,
					  formatters_names());
				goto done;
			}
			break;
		case 'o':
			column_spec = optarg;
			break;
		case 'n':
			out.noheadings = true;
			break;
		case 'r':
			out.raw = true;
			break;
		case 'H':
			list_columns();
			status = EXIT_OK;
			goto done;
		case 'h':
			list_usage(stdout);
			status = EXIT_OK;
			goto done;
		default:
			fprintf(stderr, "Try 'ipcscope list --help'.\n");
			goto done;
		}
	}
	for (int i = optind; i < argc; i++)
		if (selection_add_kinds(&sel, argv[i]) < 0)
			goto done;
	selection_default_kinds(&sel);
	if (columns_choose(column_spec, &sel, &out.columns, &out.ncolumns) < 0)
		goto done;

	status = EXIT_RUNTIME;
	if (snapshot_build(&snap, &sel) < 0)
		goto done;
	snapshot_report(&snap);
	if (fmt->print(&snap, &out, stdout) < 0) {
		if (errno != EPIPE)
			msg_error("write error: %s", strerror(errno));
		goto done;
	}
	status = EXIT_OK;
done:
	free(out.columns);
	snapshot_free(&snap);
	selection_free(&sel);
	return status;
}

const struct command command_list = {
	.name = "list",
	.summary = "list IPC objects and who holds them",
	.run = run_list,
};
