/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/PID/cgroup text through container_from_cgroup(), as the process
 * index reads it: one buffer, NUL-terminated.  What it names has a runtime
 * and a name, and its short form and its full value both match it.
 */
#include "container.h"
#include "fuzz_input.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	char *found = container_from_cgroup(text);

	if (found) {
		const char *colon = strchr(found, ':');
		char *shortened = container_short(found);
		if (!colon || colon == found || !colon[1] || strchr(found, '\n') ||
		    !container_matches(found, found) || !container_matches(found, shortened))
			abort();
		free(shortened);
	}
	free(found);
	free(text);
	return 0;
}
