/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_TABLE_PLAIN_H
#define IPCSCOPE_TABLE_PLAIN_H

#include "formatters.h"

#include <stdio.h>

struct snapshot;

/* table_plain_print() left the table to libsmartcols, having written nothing. */
#define TABLE_PLAIN_DECLINED 1

/*
 * The object table with every column as wide as its widest cell, as
 * libsmartcols writes it where nothing is cut (not raw, not a terminal).
 * 0, -1 after a write error, or TABLE_PLAIN_DECLINED for a cell that only
 * libsmartcols can write safely (a control character, text that is not
 * UTF-8).
 */
int table_plain_print(const struct snapshot *snap, const struct output_options *opts, FILE *out);

#endif
