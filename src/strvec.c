/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "strvec.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void strvec_push(struct strvec *v, char *owned)
{
	if (v->len == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 8;
		v->items = xreallocarray(v->items, v->cap, sizeof(*v->items));
	}
	v->items[v->len++] = owned;
}

void strvec_pushf(struct strvec *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strvec_push(v, xvasprintf(fmt, ap));
	va_end(ap);
}

void strvec_free(struct strvec *v)
{
	for (size_t i = 0; i < v->len; i++)
		free(v->items[i]);
	free(v->items);
	v->items = NULL;
	v->len = v->cap = 0;
}

size_t strvec_split(struct strvec *v, const char *list, char sep)
{
	size_t added = 0;
	const char *p = list;

	while (*p) {
		const char *end = strchr(p, sep);
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n) {
			char *item = xmalloc(n + 1);
			memcpy(item, p, n);
			item[n] = '\0';
			strvec_push(v, item);
			added++;
		}
		p += n;
		if (*p)
			p++;
	}
	return added;
}

bool strvec_has_empty_item(const char *list, char sep)
{
	if (!list[0])
		return false; /* no item at all, which each option words its own way */
	for (const char *p = list; *p; p++)
		if (*p == sep && (p == list || p[1] == sep || p[1] == '\0'))
			return true;
	return false;
}
