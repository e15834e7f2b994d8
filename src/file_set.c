/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "file_set.h"
#include "util.h"

#include <stdlib.h>

void file_set_add(struct file_set *set, uint64_t dev, uint64_t ino)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->keys = xreallocarray(set->keys, set->cap, sizeof(*set->keys));
	}
	set->keys[set->n++] = (struct file_key){ dev, ino };
	set->sorted = false;
}

static int key_cmp(const void *a, const void *b)
{
	const struct file_key *x = a, *y = b;

	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return (x->ino > y->ino) - (x->ino < y->ino);
}

void file_set_seal(struct file_set *set)
{
	if (set->n > 1)
		qsort(set->keys, set->n, sizeof(*set->keys), key_cmp);
	set->sorted = true;
}

bool file_set_has(const struct file_set *set, uint64_t dev, uint64_t ino)
{
	struct file_key k = { dev, ino };

	return set->sorted && set->n &&
	       bsearch(&k, set->keys, set->n, sizeof(*set->keys), key_cmp) != NULL;
}

void file_set_free(struct file_set *set)
{
	free(set->keys);
	*set = (struct file_set){ 0 };
}
