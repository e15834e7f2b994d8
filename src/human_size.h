/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_HUMAN_SIZE_H
#define IPCSCOPE_HUMAN_SIZE_H

#include <stdbool.h>
#include <stdint.h>

/* Longest "1023.9E" and the like, with its NUL; 20 digits for --bytes. */
#define HUMAN_SIZE_LEN 24

/*
 * A byte count as lsblk and lsipc write it: powers of 1024 with a one-letter
 * unit (K, M, G, T, P, E), one decimal rounded half up and left out when it
 * is 0, and the next unit when the rounding reaches 1024 of this one:
 * 512, 1K, 1.5K, 64K, 10M.  Below 1024, the number alone.
 */
void human_size(uint64_t bytes, char buf[HUMAN_SIZE_LEN]);

/* --bytes: tables write exact numbers rather than human sizes. */
void human_size_set_exact(bool exact);
/* A table cell (malloc'd): the human size, or the exact number under --bytes. */
char *size_cell(uint64_t bytes);
/* The same in a sentence (malloc'd): "64K", and "300 bytes" or under --bytes "65536 bytes". */
char *size_words(uint64_t bytes);

#endif
