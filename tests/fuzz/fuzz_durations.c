/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The time spans a user types: parse_duration() ("1h30m", --older-than)
 * and ticker_parse_interval() ("0.2", watch --interval).
 */
#include "fuzz_input.h"
#include "ticker.h"
#include "util.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	int64_t seconds, ns;

	if (parse_duration(text, &seconds) == 0 && seconds < 0)
		abort();
	if (ticker_parse_interval(text, &ns) == 0 &&
	    (ns <= 0 || ns > (int64_t)TICKER_MAX_SECONDS * 1000000000))
		abort();
	free(text);
	return 0;
}
