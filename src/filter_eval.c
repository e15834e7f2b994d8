/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -Q expressions evaluated on one object: each column's value as JSON types
 * it (a number, a string, a boolean, null), then the comparison.  null
 * equals only null; values of two other types compare false whatever the
 * operator, since neither is less, equal or unequal in a way a script
 * could rely on.
 */
#include "columns.h"
#include "filter_ast.h"
#include "filter_expr.h"
#include "ipc_object.h"
#include "kinds.h"
#include "users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void set_num(struct filter_value *v, bool known, uint64_t u)
{
	if (known)
		*v = (struct filter_value){ .type = FV_NUM, .num = { .mag = u } };
}

static void set_int(struct filter_value *v, int64_t i)
{
	uint64_t mag = i < 0 ? (uint64_t)0 - (uint64_t)i : (uint64_t)i;
	*v = (struct filter_value){ .type = FV_NUM, .num = { .neg = i < 0, .mag = mag } };
}

static void set_text(struct filter_value *v, const char *s)
{
	if (s)
		*v = (struct filter_value){ .type = FV_STR, .s = s };
}

/* A malloc'd text, kept with the value; NULL is null. */
static void own_text(struct filter_value *v, char *s)
{
	set_text(v, s);
	v->owned = s;
}

static void common_value(enum filter_field field, const struct ipc_object *obj,
			 struct filter_value *v)
{
	switch (field) {
	case FIELD_KIND:
		set_text(v, obj->kind->name);
		break;
	case FIELD_ID:
		set_text(v, obj->id);
		break;
	case FIELD_NAME:
		set_text(v, obj->name);
		break;
	case FIELD_INODE:
		set_num(v, obj->has_inode, obj->inode);
		break;
	case FIELD_UID:
		set_num(v, obj->has_uid, obj->uid);
		break;
	case FIELD_USER:
		set_text(v, obj->has_uid ? user_name(obj->uid) : NULL);
		break;
	case FIELD_GID:
		set_num(v, obj->has_gid, obj->gid);
		break;
	case FIELD_MODE: /* "0600", a string in JSON */
		if (obj->has_mode)
			own_text(v, xasprintf("%04o", (unsigned)obj->mode));
		break;
	case FIELD_NHOLDERS:
		set_num(v, true, obj->nholders);
		break;
	case FIELD_NONE:
	case FIELD_CELL:
		break;
	}
}

static void attr_value(const struct attr_def *def, const struct attr_value *a,
		       struct filter_value *v)
{
	if (!a->known)
		return;
	switch (def->type) {
	case ATTR_UINT:
		set_num(v, true, a->u);
		break;
	case ATTR_INT:
		set_int(v, a->i);
		break;
	case ATTR_STR:
		set_text(v, a->s);
		break;
	case ATTR_BOOL:
		*v = (struct filter_value){ .type = FV_BOOL, .b = a->b };
		break;
	case ATTR_TIME: /* the ISO 8601 text JSON has */
		*v = (struct filter_value){ .type = FV_STR };
		format_utc_time(a->i, v->time);
		v->s = v->time;
		break;
	case ATTR_PEER: /* the other end's inode, which names it */
		set_num(v, true, a->peer->inode);
		break;
	case ATTR_INT_LIST:
	case ATTR_WAITERS:
		*v = (struct filter_value){ .type = FV_OTHER };
		break;
	}
}

void filter_operand_value(const struct filter_operand *op, const struct ipc_object *obj,
			  struct filter_value *out)
{
	*out = (struct filter_value){ .type = FV_NULL };
	if (!op->is_column) {
		*out = op->literal;
		out->owned = NULL;
		if (op->literal.type == FV_STR)
			out->s = op->literal.s;
		return;
	}
	if (op->field == FIELD_CELL) {
		own_text(out, column_cell(op->cell, obj));
	} else if (op->field != FIELD_NONE) {
		common_value(op->field, obj, out);
	} else {
		/* An attribute the object's kind does not have is null, as in no JSON member. */
		int at = op->attr_at[kind_index(obj->kind)];
		if (at >= 0)
			attr_value(obj->kind->attrs[at], &obj->attrs[at], out);
	}
}

void filter_value_free(struct filter_value *v)
{
	free(v->owned);
	v->owned = NULL;
}

static int compare_num(struct filter_num a, struct filter_num b)
{
	if (a.neg != b.neg)
		return a.neg ? -1 : 1;
	if (a.mag == b.mag)
		return 0;
	/* Among negatives the larger magnitude is the smaller number. */
	return (a.mag < b.mag) != a.neg ? -1 : 1;
}

/* -1, 0, 1; or 2 when the two have no order (different types, null, booleans apart). */
enum { UNORDERED = 2 };
static int compare_values(const struct filter_value *a, const struct filter_value *b)
{
	if (a->type != b->type)
		return UNORDERED;
	switch (a->type) {
	case FV_NUM:
		return compare_num(a->num, b->num);
	case FV_STR: {
		int c = strcmp(a->s, b->s);
		return c < 0 ? -1 : c > 0;
	}
	default:
		return UNORDERED;
	}
}

static bool values_equal(const struct filter_value *a, const struct filter_value *b)
{
	if (a->type == FV_BOOL && b->type == FV_BOOL)
		return a->b == b->b;
	if (a->type == FV_NULL || b->type == FV_NULL)
		return a->type == b->type;
	return compare_values(a, b) == 0;
}

static bool compare(const struct filter_node *n, const struct filter_value *a,
		    const struct filter_value *b)
{
	int c;

	switch (n->op) {
	case FOP_EQ:
		return values_equal(a, b);
	case FOP_NE:
		if (a->type == FV_NULL || b->type == FV_NULL)
			return a->type != b->type;
		return a->type == b->type && a->type != FV_OTHER && !values_equal(a, b);
	case FOP_MATCH:
	case FOP_NOMATCH:
		if (a->type != FV_STR)
			return false;
		return (regexec(&n->regex, a->s, 0, NULL, 0) == 0) == (n->op == FOP_MATCH);
	default:
		break;
	}
	c = compare_values(a, b);
	if (c == UNORDERED)
		return false;
	return n->op == FOP_LT ? c < 0 : n->op == FOP_LE ? c <= 0 : n->op == FOP_GT ? c > 0 : c >= 0;
}

static bool eval_leaf(const struct filter_node *n, const struct ipc_object *obj)
{
	struct filter_value a, b;
	bool result;

	filter_operand_value(&n->a, obj, &a);
	if (n->type == FN_TEST) {
		result = a.type == FV_BOOL && a.b;
		filter_value_free(&a);
		return result;
	}
	filter_operand_value(&n->b, obj, &b);
	result = compare(n, &a, &b);
	filter_value_free(&a);
	filter_value_free(&b);
	return result;
}

static bool eval(const struct filter_node *n, const struct ipc_object *obj)
{
	switch (n->type) {
	case FN_OR:
		return eval(n->left, obj) || eval(n->right, obj);
	case FN_AND:
		return eval(n->left, obj) && eval(n->right, obj);
	case FN_NOT:
		return !eval(n->left, obj);
	default:
		return eval_leaf(n, obj);
	}
}

bool filter_expr_matches(const struct filter_expr *f, const struct ipc_object *obj)
{
	return eval(f->root, obj);
}
