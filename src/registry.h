#ifndef IPCSCOPE_REGISTRY_H
#define IPCSCOPE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A table of named things (kinds, commands, formats, load factories) as
 * each file keeps its own: an array of pointers to structs whose first
 * member is the name, a `const char *`.  One lookup and one list of names
 * serve every such table.
 */
struct registry {
	const void *table; /* the array of pointers */
	size_t n;
};

#define REGISTRY_OF(array) { .table = (array), .n = sizeof(array) / sizeof((array)[0]) }

/* Item i, or NULL past the end. */
const void *registry_at(const struct registry *r, size_t i);
/* The position of the item called name, or -1. */
int registry_index(const struct registry *r, const char *name);
/* The item called name, or NULL. */
const void *registry_find(const struct registry *r, const char *name);
/*
 * "a, b, c": the names of the items keep(item, arg) accepts (of every item
 * when keep is NULL), for messages and --help.  Joined into buf the first
 * time, cut short if it does not fit; later calls return buf as it is.
 */
const char *registry_names(const struct registry *r,
			   bool (*keep)(const void *item, const void *arg), const void *arg,
			   char *buf, size_t size);

#endif
