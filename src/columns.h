/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_COLUMNS_H
#define IPCSCOPE_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

struct attr_def;
struct ipc_holder;
struct ipc_object;
struct selection;

/*
 * A table column: either one of the fields every object has, or a kind's
 * attribute.  Attribute columns are found by name across all kinds, so two
 * kinds that both have "queued" share one QUEUED column.
 */
struct column {
	const char *name;
	const char *help;
	double width_hint;
	unsigned flags; /* COL_* */
	const char *attr_json; /* the attribute's JSON key; NULL for a common field */
	char *(*cell)(const struct ipc_object *obj);
};

size_t columns_count(void);
const struct column *column_at(size_t i);
const struct column *column_find(const char *name); /* case-insensitive */

/* The text of a cell (malloc'd), or NULL when unknown or not part of the object's kind. */
char *column_cell(const struct column *col, const struct ipc_object *obj);
/* "4242/cat[3r],4243/sh[1w]", as the HOLDERS column writes them (malloc'd). */
char *holders_text(const struct ipc_holder *holders, size_t n);

/*
 * Columns for -o SPEC: "A,B" replaces the defaults, "+A,B" adds to them.
 * With spec NULL, the defaults of the selected kinds.  Prints a usage
 * message listing the valid names and returns -1 on an unknown column.
 */
int columns_choose(const char *spec, const struct selection *sel, const struct column ***out,
		   size_t *n);

/*
 * The overview's defaults (no kind named, no -o list of its own) show
 * CONTAINER, before HOLDERS, only when a holder of some object listed runs
 * in a container or service: on a machine without any it would be a column
 * of dashes.
 */
bool columns_are_overview(const char *spec, const struct selection *sel);
bool objects_have_container(struct ipc_object *const *objects, size_t n);
/* A new array: the columns with CONTAINER before HOLDERS (at the end without
 * HOLDERS, nowhere new when it is there); *n counts it. */
const struct column **columns_with_container(const struct column *const *cols, size_t *n);

#endif
