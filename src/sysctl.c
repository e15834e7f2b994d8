/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sysctl.h"
#include "util.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int sysctl_parse_numbers(const char *text, uint64_t *values, size_t max)
{
	int n = 0;
	const char *p = text;

	for (;;) {
		while (isspace((unsigned char)*p))
			p++;
		if (!*p)
			return n;
		size_t len = strspn(p, "0123456789");
		char digits[24];
		if (len == 0 || len >= sizeof(digits) ||
		    (p[len] && !isspace((unsigned char)p[len])))
			return -1;
		memcpy(digits, p, len);
		digits[len] = '\0';
		uint64_t v;
		if (parse_u64(digits, &v) < 0)
			return -1;
		if ((size_t)n < max)
			values[n] = v;
		n++;
		p += len;
	}
}

int sysctl_numbers(const char *name, uint64_t *values, size_t max)
{
	char path[128], text[256];
	size_t at = strlen("/proc/sys/");

	if (snprintf(path, sizeof(path), "/proc/sys/%s", name) >= (int)sizeof(path))
		return -1;
	/* "fs.mqueue.msg_max" is fs/mqueue/msg_max; no sysctl name we read has a dot of its own. */
	for (char *c = path + at; *c; c++)
		if (*c == '.')
			*c = '/';
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t len = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (len <= 0)
		return -1;
	text[len] = '\0';
	return sysctl_parse_numbers(text, values, max);
}
