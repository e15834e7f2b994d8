/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SYSVIPC_TABLE_H
#define IPCSCOPE_SYSVIPC_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Reader for /proc/sysvipc/{shm,msg,sem}: a heading line of column names,
 * then one line of numbers per object.  Columns are found by name, so a
 * kernel that adds or moves one (rss and swap came late to shm) still reads.
 * "perms" is octal; every other column is decimal, "key" may be negative.
 */

/* Called per well-formed row with the wanted columns' values, in the order asked. */
typedef void (*sysvipc_row_fn)(const int64_t *values, void *ctx);

struct sysvipc_result {
	size_t rows;      /* handed to the callback */
	size_t malformed; /* lines skipped: wrong field count, not a number, out of range */
};

/*
 * Returns 0, or -1 when the heading lacks a wanted column or the file is
 * empty (the caller then uses another source).  A wanted name ending in '?'
 * is optional: when the heading lacks it, its value is INT64_MIN.
 */
int sysvipc_table_read(FILE *f, const char *const *wanted, size_t nwanted, sysvipc_row_fn fn,
		       void *ctx, struct sysvipc_result *res);

#endif
