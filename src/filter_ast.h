/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_FILTER_AST_H
#define IPCSCOPE_FILTER_AST_H

/*
 * The parsed form of a -Q expression, shared by its parser (filter_expr.c)
 * and its evaluator (filter_eval.c); nothing else looks inside.
 */
#include "util.h"

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct column;
struct ipc_object;

enum filter_op { FOP_EQ, FOP_NE, FOP_LT, FOP_LE, FOP_GT, FOP_GE, FOP_MATCH, FOP_NOMATCH };

/* The JSON types a value can have; FV_OTHER is an array or object, equal to nothing but itself. */
enum filter_value_type { FV_NULL, FV_NUM, FV_STR, FV_BOOL, FV_OTHER };

/* Integers of either sign across the whole of uint64_t and int64_t. */
struct filter_num {
	bool neg;
	uint64_t mag;
};

struct filter_value {
	enum filter_value_type type;
	struct filter_num num;
	const char *s;
	bool b;
	char *owned;             /* what s points to when made for this evaluation */
	char time[UTC_TIME_LEN]; /* what s points to for a time */
};

/* The fields every object has, as JSON types them; FIELD_CELL is a column's text. */
enum filter_field {
	FIELD_NONE,
	FIELD_KIND,
	FIELD_ID,
	FIELD_NAME,
	FIELD_INODE,
	FIELD_UID,
	FIELD_USER,
	FIELD_GID,
	FIELD_MODE,
	FIELD_NHOLDERS,
	FIELD_CELL,
};

struct filter_operand {
	size_t pos;
	bool is_column;
	char *name;                 /* the column as written */
	enum filter_field field;    /* FIELD_NONE: an attribute of some kinds */
	const struct column *cell;  /* for FIELD_CELL */
	int *attr_at;               /* per kind position: its index in the kind's attrs, or -1 */
	struct filter_value literal;
};

enum filter_node_type { FN_OR, FN_AND, FN_NOT, FN_CMP, FN_TEST };

struct filter_node {
	enum filter_node_type type;
	struct filter_node *left, *right; /* FN_OR, FN_AND: both; FN_NOT: left */
	enum filter_op op;                /* FN_CMP: a op b */
	struct filter_operand a, b;       /* FN_TEST: a alone, true when it is true */
	bool has_regex;
	regex_t regex;                    /* =~ and !~: b compiled */
};

struct filter_expr {
	struct filter_node *root;
};

/* The operand's value for obj; filter_value_free() after. */
void filter_operand_value(const struct filter_operand *op, const struct ipc_object *obj,
			  struct filter_value *out);
void filter_value_free(struct filter_value *v);

#endif
