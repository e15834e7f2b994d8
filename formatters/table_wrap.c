/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * How the tables fit a terminal: the ways their cells go on more lines
 * rather than past its edge, and -w.
 */
#include "table_wrap.h"
#include "formatters.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

/* Asked of libsmartcols for a list column at most: an item wider than the
 * column is cut (as a NAME is), rather than pushing the row past the terminal. */
#define LIST_ITEM_WIDTH 16

/* An item wider than the column is cut here: libsmartcols would not cut
 * the second and later lines of a cell. */
static void cut_to_width(char *item, size_t len, size_t width)
{
	if (!width || len <= width)
		return;
	while (width > 1 && ((unsigned char)item[width] & 0xc0) == 0x80)
		width--;
	item[width] = '\0';
}

static char *list_nextchunk(const struct libscols_column *cl, char *data, void *userdata)
{
	(void)userdata;
	if (!data)
		return NULL;
	size_t len = strcspn(data, ",");
	char *next = data[len] ? data + len + 1 : NULL;

	data[len] = '\0';
	cut_to_width(data, len, scols_column_get_width(cl));
	return next;
}

static size_t list_chunksize(const struct libscols_column *cl, const char *data, void *userdata)
{
	(void)cl;
	(void)userdata;
	size_t widest = 0;
	while (data && *data) {
		size_t n = strcspn(data, ",");
		if (n > widest)
			widest = n;
		data += n + (data[n] == ',');
	}
	return widest < LIST_ITEM_WIDTH ? widest : LIST_ITEM_WIDTH;
}

/* The first line's worth of words; the blank it breaks at is not printed. */
static char *words_nextchunk(const struct libscols_column *cl, char *data, void *userdata)
{
	size_t width = scols_column_get_width(cl), brk = 0;

	(void)userdata;
	if (!data || !width || strlen(data) <= width)
		return NULL;
	for (size_t i = 0; data[i] && (i <= width || !brk); i++)
		if (data[i] == ' ')
			brk = i;
	if (!brk)
		return NULL;
	data[brk] = '\0';
	return data + brk + 1;
}

/* The longest word: narrower, a line would have to be cut. */
static size_t words_chunksize(const struct libscols_column *cl, const char *data, void *userdata)
{
	size_t longest = 0;

	(void)cl;
	(void)userdata;
	while (data && *data) {
		size_t n = strcspn(data, " ");
		if (n > longest)
			longest = n;
		data += n + (data[n] == ' ');
	}
	return longest;
}

struct libscols_table *table_new(const struct output_options *opts, FILE *out)
{
	struct libscols_table *tb = scols_new_table();

	if (!tb) {
		errno = ENOMEM;
		return NULL;
	}
	scols_table_enable_raw(tb, opts->raw);
	scols_table_enable_noheadings(tb, opts->noheadings);
	scols_table_set_stream(tb, out);
	if (opts->width) {
		scols_table_set_termforce(tb, SCOLS_TERMFORCE_ALWAYS);
		scols_table_set_termwidth(tb, (size_t)opts->width);
	}
	return tb;
}

bool table_fits_terminal(const struct output_options *opts, FILE *out)
{
	return !opts->raw && (opts->width || isatty(fileno(out)));
}

void table_wrap_list(struct libscols_column *cl)
{
	scols_column_set_wrapfunc(cl, list_chunksize, list_nextchunk, NULL);
}

void table_wrap_words(struct libscols_column *cl)
{
	scols_column_set_wrapfunc(cl, words_chunksize, words_nextchunk, NULL);
}
