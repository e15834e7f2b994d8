/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "util.h"
#include "text_escape.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void out_of_memory(void)
{
	fputs("ipcscope: out of memory\n", stderr);
	exit(EXIT_RUNTIME);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xreallocarray(void *ptr, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		out_of_memory();
	size_t bytes = n * size;
	void *p = realloc(ptr, bytes ? bytes : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		out_of_memory();
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		out_of_memory();
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void msg_error(const char *fmt, ...)
{
	va_list ap;

	fputs("ipcscope: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static bool quiet;

void msg_set_quiet(bool q)
{
	quiet = q;
}

bool msg_quiet(void)
{
	return quiet;
}

void msg_warning(const char *text)
{
	if (quiet)
		return;
	char *shown = text_escape(text);

	msg_error("warning: %s", shown);
	free(shown);
}

const char *parse_digits(const char *s, unsigned base, uint64_t max, uint64_t *out)
{
	const char *p = s;
	uint64_t v = 0;

	for (int d; (d = hex_digit(*p)) >= 0 && (unsigned)d < base; p++) {
		if ((uint64_t)d > max || v > (max - (uint64_t)d) / base)
			return NULL;
		v = v * base + (uint64_t)d;
	}
	if (p == s)
		return NULL;
	*out = v;
	return p;
}

int parse_u64(const char *s, uint64_t *out)
{
	uint64_t v;
	const char *end = s ? parse_digits(s, 10, UINT64_MAX, &v) : NULL;

	if (!end || *end)
		return -1;
	*out = v;
	return 0;
}

int parse_pid(const char *s, int *out)
{
	uint64_t v;

	if (parse_u64(s, &v) || v == 0 || v > 0x3fffffff) /* PID_MAX_LIMIT is 2^22; leave headroom */
		return -1;
	*out = (int)v;
	return 0;
}

int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void format_utc_time(int64_t t, char buf[UTC_TIME_LEN])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (!gmtime_r(&tt, &tm) || !strftime(buf, UTC_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, UTC_TIME_LEN, "@%lld", (long long)t);
}

int parse_duration(const char *text, int64_t *seconds)
{
	static const struct {
		char unit;
		int64_t seconds;
	} units[] = { { 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 } };
	const char *p = text;
	int64_t total = 0;

	if (!*p)
		return -1;
	while (*p) {
		uint64_t n;
		if (!(p = parse_digits(p, 10, INT64_MAX, &n)))
			return -1;
		int64_t scale = 0;
		for (size_t i = 0; i < ARRAY_SIZE(units); i++)
			if (*p == units[i].unit)
				scale = units[i].seconds;
		if (!scale)
			return -1;
		p++;
		if ((int64_t)n > (INT64_MAX - total) / scale)
			return -1;
		total += (int64_t)n * scale;
	}
	*seconds = total;
	return 0;
}
