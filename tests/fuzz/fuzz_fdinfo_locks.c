/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/PID/fdinfo/N text through fdinfo_locks(): its "lock:" lines. */
#include "fuzz_input.h"
#include "lock_table.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_stream in;
	size_t n, malformed = 0;

	fuzz_stream_open(&in, data, size);
	struct lock_line *v = fdinfo_locks(in.f, &n, &malformed);
	fuzz_stream_close(&in);
	if (n && !v)
		abort();
	for (size_t i = 0; i < n; i++)
		if (!v[i].to_eof && v[i].end < v[i].start)
			abort();
	free(v);
	return 0;
}
