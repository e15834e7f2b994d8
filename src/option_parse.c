/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The one option parser of every command, and the --help made from the
 * same table.  getopt_long does the parsing, so abbreviations, "--opt=ARG",
 * "-kARG", clusters like "-nr", "--" and getopt's messages are those of
 * every GNU tool.
 */
#include "option_parse.h"
#include "commands.h"
#include "registry.h"
#include "util.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_OPTION_WIDTH 23
/* getopt returns a long option as this plus its position in the table, past every character. */
#define LONG_OPTION_BASE 0x100

int option_set_true(void *field, const char *arg)
{
	(void)arg;
	*(bool *)field = true;
	return 0;
}

int option_set_string(void *field, const char *arg)
{
	*(const char **)field = arg;
	return 0;
}

static bool is_end(const struct option_spec *s)
{
	return !s->name && !s->group;
}

static size_t table_length(const struct option_spec *table)
{
	size_t n = 0;

	while (!is_end(&table[n]))
		n++;
	return n;
}

/* The option an alias names: the one before it. */
static size_t named_by(const struct option_spec *table, size_t i)
{
	while (i > 0 && (table[i].flags & OPTION_ALIAS))
		i--;
	return i;
}

static int has_arg(const struct option_spec *s)
{
	if (!s->arg)
		return no_argument;
	return s->flags & OPTION_OPTIONAL_ARG ? optional_argument : required_argument;
}

static struct option *long_options(const struct option_spec *table)
{
	size_t n = table_length(table), k = 0;
	struct option *longopts = xcalloc(n + 1, sizeof(*longopts));

	/* An alias has the value and argument of the option it names, so getopt takes the two as one. */
	for (size_t i = 0; i < n; i++) {
		size_t named = named_by(table, i);
		if (table[i].name)
			longopts[k++] = (struct option){ table[i].name, has_arg(&table[named]), NULL,
							 LONG_OPTION_BASE + (int)named };
	}
	return longopts;
}

static char *short_options(const struct option_spec *table)
{
	size_t n = table_length(table), k = 0;
	char *shortopts = xcalloc(3 * n + 1, 1);

	for (size_t i = 0; i < n; i++) {
		if (!table[i].short_name)
			continue;
		shortopts[k++] = table[i].short_name;
		for (int colons = has_arg(&table[i]); colons > 0; colons--)
			shortopts[k++] = ':';
	}
	return shortopts;
}

static const struct option_spec *find_long(const struct option_spec *table, const char *name)
{
	for (; !is_end(table); table++)
		if (table->name && strcmp(table->name, name) == 0)
			return table;
	return NULL;
}

static const struct option_spec *find_short(const struct option_spec *table, int c)
{
	for (; !is_end(table); table++)
		if (table->short_name && table->short_name == c)
			return table;
	return NULL;
}

/* Whether some option of the table has a long name that begins with name. */
static bool begins_some(const struct option_spec *table, const char *name)
{
	for (; !is_end(table); table++)
		if (table->name && strncmp(table->name, name, strlen(name)) == 0)
			return true;
	return false;
}

/*
 * After getopt's message on `word`: the command's long option closest to
 * it, when the word is "--NAME" and no option getopt knew (`known`) begins
 * with NAME; for such a one getopt's message said what is wrong.
 */
static void suggest_option(const struct option_spec *known, const struct option_spec *own,
			   const char *word)
{
	struct suggestion s;

	if (!word || strncmp(word, "--", 2) != 0 || !word[2])
		return;
	char *name = xstrdup(word + 2);
	name[strcspn(name, "=")] = '\0';
	suggestion_start(&s, name);
	if (!begins_some(known, name))
		for (const struct option_spec *t = own; !is_end(t); t++)
			if (t->name)
				suggestion_consider(&s, t->name);
	if (s.best)
		fprintf(stderr, "ipcscope: did you mean '--%s'?\n", s.best);
	free(name);
}

static int try_help(const struct command *cmd)
{
	fprintf(stderr, "Try 'ipcscope %s --help'.\n", cmd->name);
	return EXIT_USAGE;
}

/*
 * What getopt returned, c, taken by the command: -1 to go on, or the exit
 * status.  `known` is the table getopt was given: the command's own, or
 * its family's; `word` the argument getopt read last, for a suggestion.
 */
static int take(const struct command *cmd, const struct option_spec *known, int c,
		const char *arg, const char *word, void *opts)
{
	const struct option_spec *spec;

	if (c >= LONG_OPTION_BASE) {
		const char *name = known[c - LONG_OPTION_BASE].name;
		spec = find_long(cmd->options, name);
		if (!spec) {
			msg_error("%s: unknown option '--%s'", cmd->name, name);
			return try_help(cmd);
		}
	} else {
		spec = c == '?' ? NULL : find_short(cmd->options, c);
		if (!spec) { /* getopt has said what is wrong */
			suggest_option(known, cmd->options, word);
			return try_help(cmd);
		}
	}
	if (spec->flags & OPTION_IS_HELP) {
		option_help(cmd, stdout);
		return EXIT_OK;
	}
	int rc = spec->apply((char *)opts + spec->field, arg);
	if (rc < 0)
		return EXIT_USAGE;
	return rc == OPTION_DONE ? EXIT_OK : -1;
}

int option_parse(const struct command *cmd, void *opts, int argc, char **argv, int *operands)
{
	const struct option_spec *known = cmd->family_options ? cmd->family_options : cmd->options;
	struct option *longopts = long_options(known);
	char *shortopts = short_options(cmd->options);
	int status = -1, c;

	optind = 1;
	while (status < 0 && (c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1)
		status = take(cmd, known, c, optarg, optind > 1 ? argv[optind - 1] : NULL, opts);
	*operands = optind;
	free(shortopts);
	free(longopts);
	return status;
}

/* text, with "%s" as value()'s text and `indent` blanks after each newline. */
static void put_text(FILE *out, const char *text, const char *(*value)(void), int indent)
{
	for (const char *p = text; *p; p++) {
		if (p[0] == '%' && p[1] == 's' && value) {
			fputs(value(), out);
			p++;
			continue;
		}
		fputc(*p, out);
		if (*p == '\n')
			fprintf(out, "%*s", indent, "");
	}
}

/* "  -k, --kind KIND[,KIND]   only these kinds": the help in a column `width` past the option's. */
static void put_option(FILE *out, const struct option_spec *s, int width)
{
	int n = s->short_name ? fprintf(out, "  -%c, --%s", s->short_name, s->name)
			      : fprintf(out, "      --%s", s->name);

	/* "--list-kinds[=stale|load]", "--list-options=COMMAND": such an argument goes on directly. */
	if (s->arg)
		n += fprintf(out, strncmp(s->arg, "[=", 2) == 0 || s->arg[0] == '=' ? "%s" : " %s",
			     s->arg);
	n -= 2;
	fprintf(out, "%*s", n < width ? width - n + 2 : 2, "");
	put_text(out, s->help, s->help_value, width + 4);
	fputc('\n', out);
}

void option_help_table(FILE *out, const struct option_spec *table, int width)
{
	bool any = false;

	for (; !is_end(table); table++) {
		if (table->group) {
			fprintf(out, "%s%s:\n", any ? "\n" : "", table->group);
			any = true;
		} else if (!(table->flags & OPTION_ALIAS)) {
			put_option(out, table, width);
			any = true;
		}
	}
}

void option_help(const struct command *cmd, FILE *out)
{
	const char *form = cmd->usage;

	fputs("Usage:", out);
	for (bool first = true; form; first = false) {
		const char *end = strchr(form, '\n');
		int len = end ? (int)(end - form) : (int)strlen(form);
		fprintf(out, "%s ipcscope %s %.*s\n", first ? "" : "      ", cmd->name, len, form);
		form = end ? end + 1 : NULL;
	}
	fputc('\n', out);
	put_text(out, cmd->description, cmd->description_value, 0);
	fputs("\n\n", out);
	option_help_table(out, cmd->options, cmd->option_width ? cmd->option_width : DEFAULT_OPTION_WIDTH);
	if (cmd->epilogue)
		fprintf(out, "\n%s\n", cmd->epilogue);
}

void option_print_long_names(const struct command *cmd, FILE *out)
{
	for (const struct option_spec *s = cmd->options; !is_end(s); s++)
		if (s->name && !(s->flags & OPTION_ALIAS))
			fprintf(out, "--%s\n", s->name);
}
