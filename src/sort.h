/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SORT_H
#define IPCSCOPE_SORT_H

#include <stdbool.h>
#include <stddef.h>

struct column;
struct ipc_object;

/* One column of --sort, and its direction. */
struct sort_key {
	const struct column *col;
	bool descending;
};

struct sort_keys {
	struct sort_key *keys;
	size_t n;
};

/*
 * --sort SPEC: "COL[,COL]", each COL descending as "-COL" or "COL:desc"
 * ("COL:asc" is the default spelled out).  0, or -1 after a usage message
 * (an unknown column lists the valid ones).
 */
int sort_keys_parse(struct sort_keys *k, const char *spec);
void sort_keys_free(struct sort_keys *k);

/*
 * <0, 0, >0 as a comes before, with, after b: a column that is a number
 * in JSON (INODE, UID, QUEUED...) compares as one, text in version order
 * (ID 9 before 10), false before true; an unknown value comes last in
 * either direction, as lsblk puts it.
 */
int sort_compare(const struct sort_keys *k, const struct ipc_object *a, const struct ipc_object *b);
/* Sort objs by k; objects that compare equal keep their order. */
void sort_objects(const struct sort_keys *k, struct ipc_object **objs, size_t n);
/* The same for an array of n items of `size` bytes, each with its object (clean's results). */
void sort_items(const struct sort_keys *k, void *items, size_t n, size_t size,
		const struct ipc_object *(*object_of)(const void *item));

#endif
