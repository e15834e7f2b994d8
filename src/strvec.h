/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_STRVEC_H
#define IPCSCOPE_STRVEC_H

#include <stdbool.h>
#include <stddef.h>

/* A growable list of owned strings: warnings, column names, and the like. */
struct strvec {
	char **items;
	size_t len, cap;
};

void strvec_push(struct strvec *v, char *owned);
void strvec_pushf(struct strvec *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strvec_free(struct strvec *v);

/* Split "a,b,,c" into non-empty items; returns the number added. */
size_t strvec_split(struct strvec *v, const char *list, char sep);
/* Whether "a,,b", ",a" or "a," has an empty item: a typo a list option should refuse. */
bool strvec_has_empty_item(const char *list, char sep);

#endif
