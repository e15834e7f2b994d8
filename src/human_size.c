/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "human_size.h"
#include "util.h"

#include <stdio.h>

static bool exact_bytes;

void human_size(uint64_t bytes, char buf[HUMAN_SIZE_LEN])
{
	static const char units[] = "KMGTPE";
	unsigned e = 0;

	if (bytes < 1024) {
		snprintf(buf, HUMAN_SIZE_LEN, "%llu", (unsigned long long)bytes);
		return;
	}
	while (e + 1 < sizeof(units) - 1 && bytes >> (10 * (e + 2)) != 0)
		e++;
	/* Tenths of the unit, rounded half up; 128 bits, for an E unit's bytes * 10. */
	unsigned __int128 unit = (unsigned __int128)1 << (10 * (e + 1));
	unsigned __int128 tenths = ((unsigned __int128)bytes * 10 + unit / 2) / unit;
	if (tenths >= 10240 && e + 1 < sizeof(units) - 1) {
		e++;
		unit <<= 10;
		tenths = ((unsigned __int128)bytes * 10 + unit / 2) / unit;
	}
	unsigned long long whole = (unsigned long long)(tenths / 10), tenth = (unsigned)(tenths % 10);
	if (tenth)
		snprintf(buf, HUMAN_SIZE_LEN, "%llu.%llu%c", whole, tenth, units[e]);
	else
		snprintf(buf, HUMAN_SIZE_LEN, "%llu%c", whole, units[e]);
}

void human_size_set_exact(bool exact)
{
	exact_bytes = exact;
}

char *size_cell(uint64_t bytes)
{
	char buf[HUMAN_SIZE_LEN];

	if (exact_bytes)
		return xasprintf("%llu", (unsigned long long)bytes);
	human_size(bytes, buf);
	return xstrdup(buf);
}

char *size_words(uint64_t bytes)
{
	if (exact_bytes || bytes < 1024)
		return xasprintf("%llu bytes", (unsigned long long)bytes);
	return size_cell(bytes);
}
