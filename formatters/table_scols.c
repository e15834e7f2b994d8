/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The tables libsmartcols still writes: raw ones, and cells it must encode. */
#include "table_scols.h"
#include "formatters.h"

#include <errno.h>

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
	return tb;
}
