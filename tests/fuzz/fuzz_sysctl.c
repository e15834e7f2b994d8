/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/sys text through sysctl_parse_numbers(), with room for fewer
 * numbers than may come (kernel.sem has four; most files one).
 */
#include "fuzz_input.h"
#include "sysctl.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	uint64_t values[4];

	for (size_t max = 0; max <= 4; max += 4) {
		int n = sysctl_parse_numbers(text, values, max);
		if (n < -1)
			abort();
	}
	free(text);
	return 0;
}
