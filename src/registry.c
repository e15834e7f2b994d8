#include "registry.h"

#include <stdio.h>
#include <string.h>

const void *registry_at(const struct registry *r, size_t i)
{
	const void *item;

	if (i >= r->n)
		return NULL;
	/*
	 * The element is a pointer to the table's own struct type; copied out
	 * as bytes, it is the same pointer (every object pointer has one
	 * representation on the systems this runs on).
	 */
	memcpy(&item, (const char *)r->table + i * sizeof(item), sizeof(item));
	return item;
}

/* A struct's first member is at its start: here, the name. */
static const char *name_of(const void *item)
{
	return *(const char *const *)item;
}

int registry_index(const struct registry *r, const char *name)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(name_of(registry_at(r, i)), name) == 0)
			return (int)i;
	return -1;
}

const void *registry_find(const struct registry *r, const char *name)
{
	int i = registry_index(r, name);

	return i < 0 ? NULL : registry_at(r, (size_t)i);
}

const char *registry_names(const struct registry *r,
			   bool (*keep)(const void *item, const void *arg), const void *arg,
			   char *buf, size_t size)
{
	size_t len = 0;

	if (buf[0])
		return buf;
	for (size_t i = 0; i < r->n && len < size; i++) {
		const void *item = registry_at(r, i);
		if (keep && !keep(item, arg))
			continue;
		int n = snprintf(buf + len, size - len, "%s%s", len ? ", " : "", name_of(item));
		if (n < 0)
			break;
		len += (size_t)n;
	}
	return buf;
}
