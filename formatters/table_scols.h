/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_TABLE_SCOLS_H
#define IPCSCOPE_TABLE_SCOLS_H

#include <libsmartcols.h>
#include <stdio.h>

struct output_options;

/* A libsmartcols table to out with the options' -r and -n: raw tables, and
 * tables into a pipe whose text only libsmartcols encodes; NULL with errno set. */
struct libscols_table *table_new(const struct output_options *opts, FILE *out);

#endif
