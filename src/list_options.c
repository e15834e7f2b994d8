#include "list_options.h"
#include "columns.h"
#include "json_schema.h"
#include "kinds.h"
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* What the command prints: clean its results, the others the objects. */
static enum document document_of(unsigned extras)
{
	return extras & LIST_CLEAN ? DOC_CLEAN : DOC_OBJECTS;
}

void list_options_help(FILE *out, unsigned extras)
{
	fprintf(out,
		"Selection:\n"
		"  -k, --kind KIND[,KIND]   only these kinds (also as arguments): %s\n"
		"  -p, --pid PID[,PID]      only objects one of these processes holds\n"
		"  -u, --user USER          only objects USER owns or holds (name or uid)\n"
		"      --name PATTERN       only objects whose name or path matches (shell pattern)\n"
		"      --port PORT[,PORT]   only sockets with one of these local or remote ports\n",
		kinds_names());
	if (extras & LIST_STALE_MARK)
		fprintf(out, "      --stale              mark stale objects (STALE column, \"stale\" in JSON)\n");
	if (extras & LIST_STALE_ONLY)
		fprintf(out,
			"      --older-than DURATION  only those idle that long: 30s, 10m, 2h, 7d, 1h30m\n"
			"      --path DIR           where to look for unused FIFOs and socket files\n"
			"                           (repeatable; default /tmp, /run, /var/tmp, /dev/shm)\n");
	if (extras & LIST_CLEAN)
		fprintf(out,
			"\n"
			"Removal:\n"
			"  -y, --yes                remove without asking (needed off a terminal)\n"
			"      --dry-run            show what would be removed, remove nothing\n"
			"      --ignore-unreadable  remove POSIX objects and FIFOs even when a process\n"
			"                           that could hold them could not be read\n");
	fprintf(out,
		"\n"
		"Output:\n"
		"  -J, --json               one JSON document (schema " IPCSCOPE_JSON_SCHEMA ")\n"
		"      --ndjson             one JSON object per line\n"
		"  -F, --format FORMAT      %s\n"
		"  -o, --output COLS        table columns; +COLS adds to the defaults\n"
		"  -n, --noheadings         no table heading\n"
		"  -r, --raw                raw table: fields separated by one space\n"
		"  -H, --list-columns       list the table columns and exit\n"
		"  -h, --help               this help\n",
		formatters_names(document_of(extras)));
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

enum {
	OPT_NDJSON = 0x200, /* past the selection's own */
	OPT_STALE,
	OPT_OLDER_THAN,
	OPT_PATH,
	OPT_DRY_RUN,
	OPT_IGNORE_UNREADABLE,
};

/* An option outside the command's extras is unknown to it, as getopt would say. */
static bool allowed(int c, unsigned extras)
{
	switch (c) {
	case OPT_STALE:
		return extras & LIST_STALE_MARK;
	case OPT_OLDER_THAN:
	case OPT_PATH:
		return extras & LIST_STALE_ONLY;
	case 'y':
	case OPT_DRY_RUN:
	case OPT_IGNORE_UNREADABLE:
		return extras & LIST_CLEAN;
	default:
		return true;
	}
}

/* "--older-than" for its code, as the user may have typed it. */
static const char *option_name(const struct option *longopts, int c)
{
	static char text[40];

	for (; longopts->name; longopts++)
		if (longopts->val == c) {
			snprintf(text, sizeof(text), "--%s", longopts->name);
			return text;
		}
	return "?";
}

int list_options_parse(struct list_options *o, int argc, char **argv, const char *command,
		       unsigned extras, void (*usage)(FILE *out))
{
	static const struct option longopts[] = {
		SELECTION_LONG_OPTIONS,
		{ "stale", no_argument, NULL, OPT_STALE },
		{ "older-than", required_argument, NULL, OPT_OLDER_THAN },
		{ "path", required_argument, NULL, OPT_PATH },
		{ "yes", no_argument, NULL, 'y' },
		{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
		{ "ignore-unreadable", no_argument, NULL, OPT_IGNORE_UNREADABLE },
		{ "json", no_argument, NULL, 'J' },
		{ "ndjson", no_argument, NULL, OPT_NDJSON },
		{ "format", required_argument, NULL, 'F' },
		{ "output", required_argument, NULL, 'o' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "raw", no_argument, NULL, 'r' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	const char *shortopts = extras & LIST_CLEAN ? SELECTION_SHORT_OPTIONS "JF:o:nrHhy"
						    : SELECTION_SHORT_OPTIONS "JF:o:nrHh";
	int c;

	*o = (struct list_options){ .fmt = formatter_find("table", document_of(extras)) };
	if (extras & LIST_STALE_ONLY)
		o->sel.stale = o->sel.stale_only = true;
	optind = 1;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		int rc = selection_option(&o->sel, c, optarg);
		if (rc != 0) {
			if (rc < 0)
				return EXIT_USAGE;
			continue;
		}
		if (c != '?' && !allowed(c, extras)) {
			msg_error("%s: unknown option '%s'", command, option_name(longopts, c));
			c = '?';
		}
		switch (c) {
		case OPT_STALE:
			o->sel.stale = true;
			break;
		case OPT_OLDER_THAN:
			rc = selection_set_older_than(&o->sel, optarg);
			break;
		case OPT_PATH:
			rc = selection_add_stale_path(&o->sel, optarg);
			break;
		case 'y':
			o->yes = true;
			break;
		case OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case OPT_IGNORE_UNREADABLE:
			o->ignore_unreadable = true;
			break;
		case 'J':
			o->fmt = formatter_find("json", document_of(extras));
			break;
		case OPT_NDJSON:
			o->fmt = formatter_find("ndjson", document_of(extras));
			break;
		case 'F':
			o->fmt = formatter_find(optarg, document_of(extras));
			if (!o->fmt) {
				msg_error("unknown format '%s'; valid formats: %s", optarg,
					  formatters_names(document_of(extras)));
				rc = -1;
			}
			break;
		case 'o':
			o->column_spec = optarg;
			break;
		case 'n':
			o->out.noheadings = true;
			break;
		case 'r':
			o->out.raw = true;
			break;
		case 'H':
			list_columns();
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, "Try 'ipcscope %s --help'.\n", command);
			return EXIT_USAGE;
		}
		if (rc < 0)
			return EXIT_USAGE;
	}
	if (o->yes && o->dry_run) {
		msg_error("%s: --yes and --dry-run contradict each other: --dry-run removes nothing, "
			  "--yes removes without asking; give one of them", command);
		return EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++)
		if (selection_add_kinds(&o->sel, argv[i]) < 0)
			return EXIT_USAGE;
	selection_default_kinds(&o->sel);
	selection_default_stale_paths(&o->sel);
	if (columns_choose(o->column_spec, &o->sel, &o->out.columns, &o->out.ncolumns) < 0)
		return EXIT_USAGE;
	return -1;
}

void list_options_free(struct list_options *o)
{
	free(o->out.columns);
	selection_free(&o->sel);
}
