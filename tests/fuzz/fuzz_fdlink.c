/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/PID/fd/N link text through fdlink_classify() and its kin.  A
 * pipe or socket inode must print back as the very text it came from.
 */
#include "fdlink.h"
#include "fuzz_input.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether "PREFIX[DIGITS]" is ino, leading zeros aside. */
static bool prints_as(const char *text, const char *prefix, uint64_t ino)
{
	char back[64];
	const char *digits = text + strlen(prefix);

	while (digits[0] == '0' && digits[1] != ']')
		digits++;
	snprintf(back, sizeof(back), "%llu]", (unsigned long long)ino);
	return strncmp(text, prefix, strlen(prefix)) == 0 && strcmp(digits, back) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	uint64_t ino = 0;

	switch (fdlink_classify(text, &ino)) {
	case FD_PIPE:
		if (!prints_as(text, "pipe:[", ino))
			abort();
		break;
	case FD_SOCKET:
		if (!prints_as(text, "socket:[", ino))
			abort();
		break;
	case FD_PATH:
		if (text[0] != '/')
			abort();
		break;
	default:
		break;
	}
	if (fdlink_maybe_mqueue(text) && (text[0] != '/' || strchr(text + 1, '/')))
		abort();
	(void)fdlink_is_memfd(text);
	free(text);
	return 0;
}
