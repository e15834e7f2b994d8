/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/PID/maps lines through maps_parse_line(), as the process index
 * reads them: one at a time, the newline removed.  The path must point
 * into the line.
 */
#include "fdlink.h"
#include "fuzz_input.h"
#include "maps.h"

#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>

static void check_line(const char *line)
{
	struct maps_line m;

	if (maps_parse_line(line, &m) < 0)
		return;
	if (m.end < m.start || m.path < line || m.path > line + strlen(line) ||
	    major(m.dev) > 0xfff || minor(m.dev) > 0xfffff)
		abort();
	(void)maps_is_sysv(&m);
	(void)fdlink_is_memfd(m.path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_each_line(data, size, check_line);
	return 0;
}
