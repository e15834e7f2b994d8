/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_TABLE_FIT_H
#define IPCSCOPE_TABLE_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct output_options;

/* How a column gives way when the rows are wider than the terminal. */
enum fit_flag {
	FIT_RIGHT = 1 << 0,      /* a number: padded on the left */
	FIT_CUT = 1 << 1,        /* cut at its end, a mark where it was cut */
	FIT_CUT_MIDDLE = 1 << 2, /* a path: cut in the middle, so it keeps its file's name */
	FIT_LIST = 1 << 3,       /* comma-separated items: as many whole ones a line as fit */
	FIT_TEXT = 1 << 4,       /* words (the last column): wrapped, or under the row if it has no room */
};

struct fit_column {
	const char *heading;
	unsigned flags; /* FIT_*; none: always as wide as its widest cell */
	/* Narrowed no further while others can give, and widened past it only
	 * when the others have most of their cells whole; 0: as its flags say. */
	size_t least;
};

/*
 * A table for a terminal: every cell text a terminal may be shown (as
 * text_escape writes it), row by row.  The columns that may give way share
 * what the others leave of the width, the widest narrowed first, so short
 * ones stay whole.
 */
struct fit_table {
	const struct fit_column *columns;
	size_t ncolumns;
	char **cells; /* nrows * ncolumns, owned */
	size_t nrows, cap;
	bool noheadings;
};

void fit_table_init(struct fit_table *t, const struct fit_column *columns, size_t ncolumns);
/* Adds a row of cells for it to fill with fit_table_set; returns its number. */
size_t fit_table_add_row(struct fit_table *t);
/* Sets a cell to the escaped text; NULL shows "-" (unknown, or does not apply). */
void fit_table_set(struct fit_table *t, size_t row, size_t column, const char *text);
void fit_table_free(struct fit_table *t);

/* Writes it for `width` columns; 0, or -1 after a write error. */
int fit_table_print(const struct fit_table *t, size_t width, FILE *out);

/* Whether a table is laid out for a width: on a terminal, or with -w, and not -r. */
bool table_fits_terminal(const struct output_options *opts, FILE *out);
/* The columns the options' -w or out's terminal has (80 when it cannot tell). */
size_t table_terminal_width(const struct output_options *opts, FILE *out);

#endif
