/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "mq_status.h"
#include "util.h"

#include <string.h>

/* The decimal number after "NAME:", found as a whole word. */
static int field(const char *text, const char *name, uint64_t *out)
{
	size_t len = strlen(name);

	for (const char *p = text; (p = strstr(p, name)); p += len) {
		if ((p != text && p[-1] != ' ' && p[-1] != '\t') || p[len] != ':')
			continue;
		uint64_t v;
		const char *d = parse_digits(p + len + 1, 10, UINT64_MAX, &v);
		if (!d || (*d && *d != ' ' && *d != '\t' && *d != '\n'))
			return -1;
		*out = v;
		return 0;
	}
	return -1;
}

int mq_status_parse(const char *text, struct mq_status *out)
{
	uint64_t qsize, pid;

	if (field(text, "QSIZE", &qsize) < 0 || field(text, "NOTIFY_PID", &pid) < 0 ||
	    pid > INT32_MAX)
		return -1;
	out->qsize = qsize;
	out->notify_pid = (int64_t)pid;
	return 0;
}
