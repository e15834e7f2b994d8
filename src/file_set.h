/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_FILE_SET_H
#define IPCSCOPE_FILE_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A set of files by (device, inode): the ones a kind wants the index to find. */
struct file_key {
	uint64_t dev, ino;
};

struct file_set {
	struct file_key *keys;
	size_t n, cap;
	bool sorted;
};

void file_set_add(struct file_set *set, uint64_t dev, uint64_t ino);
/* Sort once all are added; lookups need it. */
void file_set_seal(struct file_set *set);
bool file_set_has(const struct file_set *set, uint64_t dev, uint64_t ino);
void file_set_free(struct file_set *set);

#endif
