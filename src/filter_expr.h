/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_FILTER_EXPR_H
#define IPCSCOPE_FILTER_EXPR_H

#include <stdbool.h>
#include <stddef.h>

struct ipc_object;

/*
 * -Q/--filter EXPR, in lsfd's expression syntax: columns (any case, by
 * their table name or their JSON key), ==, !=, <, <=, >, >=, =~, !~,
 * &&/and, ||/or, !/not, parentheses, "strings", numbers, null, true and
 * false.  It is evaluated on the values JSON gives an object, typed as
 * JSON types them, never on the table's text.
 */
struct filter_expr;

/* Where an expression is wrong, as an offset into its text, and why. */
struct filter_error {
	size_t pos;
	char message[160];
};

/* The parsed expression, or NULL with *err set. */
struct filter_expr *filter_expr_parse(const char *text, struct filter_error *err);
/*
 * 0 when each column it names is a common one or an attribute of one of the
 * kinds in the mask (bit per position in the kind table; 0 means every
 * kind); else -1 with *err at the first column none of them has.
 */
int filter_expr_check_kinds(const struct filter_expr *f, unsigned long kinds,
			    struct filter_error *err);
bool filter_expr_matches(const struct filter_expr *f, const struct ipc_object *obj);
void filter_expr_free(struct filter_expr *f);

/* The message, then the expression and a caret under the error, on stderr. */
void filter_error_print(const char *text, const struct filter_error *err);

#endif
