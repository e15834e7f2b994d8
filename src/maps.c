/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "maps.h"
#include "util.h"

#include <string.h>
#include <sys/sysmacros.h>

/* At least one digit, then the terminator; no overflow. */
static const char *parse_hex(const char *p, char end, uint64_t *out)
{
	p = parse_digits(p, 16, UINT64_MAX, out);
	return p && *p == end ? p + 1 : NULL;
}

static const char *parse_perms(const char *p, struct maps_line *out)
{
	if ((p[0] != 'r' && p[0] != '-') || (p[1] != 'w' && p[1] != '-') ||
	    (p[2] != 'x' && p[2] != '-') || (p[3] != 's' && p[3] != 'p') || p[4] != ' ')
		return NULL;
	out->readable = p[0] == 'r';
	out->writable = p[1] == 'w';
	out->shared = p[3] == 's';
	return p + 5;
}

int maps_parse_line(const char *line, struct maps_line *out)
{
	uint64_t major, minor;
	const char *p = line;

	if (!(p = parse_hex(p, '-', &out->start)) || !(p = parse_hex(p, ' ', &out->end)) ||
	    out->end < out->start || !(p = parse_perms(p, out)) ||
	    !(p = parse_hex(p, ' ', &out->offset)) || !(p = parse_hex(p, ':', &major)) ||
	    !(p = parse_hex(p, ' ', &minor)) || !(p = parse_digits(p, 10, UINT64_MAX, &out->inode)))
		return -1;
	if (major > 0xfff || minor > 0xfffff)
		return -1;
	out->dev = makedev((unsigned)major, (unsigned)minor);
	if (*p == '\0') {
		out->path = p;
		return 0;
	}
	if (*p != ' ')
		return -1;
	/* The kernel pads the path out to a column. */
	while (*p == ' ')
		p++;
	out->path = p;
	return 0;
}

bool maps_is_sysv(const struct maps_line *m)
{
	return m->shared && strncmp(m->path, "/SYSV", 5) == 0;
}
