/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/locks text through lock_table_read(), and each of its lines
 * through lock_line_parse() on its own.  A table entry must point only at
 * entries before it, and a request must sit one level below its blocker.
 */
#include "fuzz_input.h"
#include "lock_table.h"

#include <stdlib.h>

static void check_line(const char *text)
{
	struct lock_line l;

	if (lock_line_parse(text, &l) < 0)
		return;
	if ((!l.to_eof && l.end < l.start) || l.major > 0xfff || l.minor > 0xfffff ||
	    (l.has_pid && l.pid <= 0) || !lock_type_name(l.type) || !lock_mode_name(l.mode))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_stream in;
	struct lock_table t = { 0 };

	fuzz_stream_open(&in, data, size);
	lock_table_read(in.f, &t);
	fuzz_stream_close(&in);
	for (size_t i = 0; i < t.n; i++) {
		const struct lock_entry *e = &t.v[i];
		if (e->top > i || e->blocker > i || t.v[e->top].line.depth != 0 ||
		    t.v[e->top].line.id != e->line.id)
			abort();
		if (e->line.depth == 0 ? e->top != i || e->blocker != i || e->seq != 0
				       : e->blocker == i || e->seq == 0 ||
						 t.v[e->blocker].line.depth + 1 != e->line.depth)
			abort();
	}
	lock_table_free(&t);

	fuzz_each_line(data, size, check_line);
	return 0;
}
