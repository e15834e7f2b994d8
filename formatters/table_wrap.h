/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_TABLE_WRAP_H
#define IPCSCOPE_TABLE_WRAP_H

#include <libsmartcols.h>
#include <stdbool.h>
#include <stdio.h>

/*
 * Free text in a last column (stale's reason, a limit's description) goes
 * on more lines, word by word, and is narrowed after the columns that may
 * be cut, to no less than this share of the terminal.
 */
#define TABLE_TEXT_SHARE 0.3

struct output_options;

/* A table to out with the options' -r, -n and -w (N columns whether or not the
 * output is a terminal, as lsfd's --width); NULL with errno set. */
struct libscols_table *table_new(const struct output_options *opts, FILE *out);
/* Whether the table is laid out for a terminal's width: a terminal, or -w, and not -r. */
bool table_fits_terminal(const struct output_options *opts, FILE *out);
/*
 * On a terminal a list column (HOLDERS) shows one item per line, never cut
 * between "4242/cat[3r]" and the next; into a pipe or with -r it stays one
 * comma-separated field, one row per object, for grep and awk.
 */
void table_wrap_list(struct libscols_column *cl);
/* A column of sentences, one line's worth of words at a time. */
void table_wrap_words(struct libscols_column *cl);

#endif
