/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sort.h"
#include "columns.h"
#include "ipc_object.h"
#include "kinds.h"
#include "strvec.h"
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A cell as it sorts: the number JSON gives for it, or its text. */
struct sort_value {
	enum { VALUE_NULL, VALUE_NUMBER, VALUE_TEXT } type;
	bool negative; /* a signed number below zero, held in i */
	uint64_t u;
	int64_t i;
	char *text;
};

static struct sort_value unsigned_value(bool known, uint64_t u)
{
	return known ? (struct sort_value){ .type = VALUE_NUMBER, .u = u } : (struct sort_value){ 0 };
}

static struct sort_value signed_value(bool known, int64_t i)
{
	if (!known)
		return (struct sort_value){ 0 };
	if (i >= 0)
		return unsigned_value(true, (uint64_t)i);
	return (struct sort_value){ .type = VALUE_NUMBER, .negative = true, .i = i };
}

static struct sort_value text_value(char *owned)
{
	return owned ? (struct sort_value){ .type = VALUE_TEXT, .text = owned } : (struct sort_value){ 0 };
}

/* A kind attribute's column: its number where JSON has one, else the cell's text. */
static struct sort_value attr_value(const struct column *col, const struct ipc_object *obj)
{
	for (size_t a = 0; a < obj->kind->nattrs; a++) {
		const struct attr_def *def = obj->kind->attrs[a];
		const struct attr_value *v = &obj->attrs[a];
		if (strcmp(def->json, col->attr_json) != 0)
			continue;
		if (!v->known)
			return (struct sort_value){ 0 };
		switch (def->type) {
		case ATTR_UINT:
			return unsigned_value(true, v->u);
		case ATTR_INT:
		case ATTR_TIME:
			return signed_value(true, v->i);
		case ATTR_BOOL:
			return unsigned_value(true, v->b);
		case ATTR_PEER:
			return unsigned_value(true, v->peer->inode);
		default:
			return text_value(column_cell(col, obj));
		}
	}
	return (struct sort_value){ 0 }; /* not an attribute of this kind */
}

static bool named(const struct column *col, const char *name)
{
	return strcasecmp(col->name, name) == 0;
}

static struct sort_value value_of(const struct column *col, const struct ipc_object *obj)
{
	if (col->attr_json)
		return attr_value(col, obj);
	if (named(col, "INODE"))
		return unsigned_value(obj->has_inode, obj->inode);
	if (named(col, "UID"))
		return unsigned_value(obj->has_uid, obj->uid);
	if (named(col, "GID"))
		return unsigned_value(obj->has_gid, obj->gid);
	if (named(col, "MODE"))
		return unsigned_value(obj->has_mode, obj->mode);
	if (named(col, "NHOLDERS"))
		return unsigned_value(true, obj->nholders);
	if (named(col, "STALE-SINCE"))
		return signed_value(obj->stale && obj->stale->has_since,
				    obj->stale ? obj->stale->since : 0);
	return text_value(column_cell(col, obj));
}

static int compare_numbers(const struct sort_value *a, const struct sort_value *b)
{
	if (a->negative != b->negative)
		return a->negative ? -1 : 1;
	if (a->negative)
		return (a->i > b->i) - (a->i < b->i);
	return (a->u > b->u) - (a->u < b->u);
}

/* Unknown last whatever the direction; a number before text, should a column mix them. */
static int compare_values(const struct sort_value *a, const struct sort_value *b, bool descending)
{
	if (a->type == VALUE_NULL || b->type == VALUE_NULL)
		return (a->type == VALUE_NULL) - (b->type == VALUE_NULL);
	if (a->type != b->type)
		return a->type == VALUE_NUMBER ? -1 : 1;
	int c = a->type == VALUE_NUMBER ? compare_numbers(a, b) : strverscmp(a->text, b->text);
	return descending ? -c : c;
}

int sort_compare(const struct sort_keys *k, const struct ipc_object *a, const struct ipc_object *b)
{
	int c = 0;

	for (size_t i = 0; i < k->n && c == 0; i++) {
		struct sort_value va = value_of(k->keys[i].col, a);
		struct sort_value vb = value_of(k->keys[i].col, b);
		c = compare_values(&va, &vb, k->keys[i].descending);
		free(va.text);
		free(vb.text);
	}
	return c;
}

/* An item with its keys worked out once, and its place, which settles ties. */
struct sort_row {
	size_t place;
	struct sort_value *values;
};

static int compare_rows(const void *pa, const void *pb, void *keys)
{
	const struct sort_row *a = pa, *b = pb;
	const struct sort_keys *k = keys;

	for (size_t i = 0; i < k->n; i++) {
		int c = compare_values(&a->values[i], &b->values[i], k->keys[i].descending);
		if (c)
			return c;
	}
	return (a->place > b->place) - (a->place < b->place);
}

void sort_items(const struct sort_keys *k, void *items, size_t n, size_t size,
		const struct ipc_object *(*object_of)(const void *item))
{
	if (!k->n || n < 2)
		return;
	struct sort_row *rows = xcalloc(n, sizeof(*rows));
	struct sort_value *values = xcalloc(n * k->n, sizeof(*values));
	char *base = items, *sorted = xcalloc(n, size);

	for (size_t r = 0; r < n; r++) {
		rows[r] = (struct sort_row){ r, &values[r * k->n] };
		for (size_t i = 0; i < k->n; i++)
			rows[r].values[i] = value_of(k->keys[i].col, object_of(base + r * size));
	}
	qsort_r(rows, n, sizeof(*rows), compare_rows, (void *)k);
	for (size_t r = 0; r < n; r++)
		memcpy(sorted + r * size, base + rows[r].place * size, size);
	memcpy(base, sorted, n * size);
	for (size_t v = 0; v < n * k->n; v++)
		free(values[v].text);
	free(sorted);
	free(values);
	free(rows);
}

static const struct ipc_object *object_in_array(const void *item)
{
	return *(struct ipc_object *const *)item;
}

void sort_objects(const struct sort_keys *k, struct ipc_object **objs, size_t n)
{
	sort_items(k, objs, n, sizeof(*objs), object_in_array);
}

/* "-COL", "COL:desc" or "COL:asc" into the column's name and direction; NULL when bad. */
static char *split_direction(const char *item, bool *descending)
{
	const char *colon = strrchr(item, ':');

	*descending = item[0] == '-';
	if (*descending)
		return colon ? NULL : xstrdup(item + 1);
	if (!colon)
		return xstrdup(item);
	if (strcasecmp(colon + 1, "desc") != 0 && strcasecmp(colon + 1, "asc") != 0)
		return NULL;
	*descending = strcasecmp(colon + 1, "desc") == 0;
	return xasprintf("%.*s", (int)(colon - item), item);
}

static void unknown_column(const char *name)
{
	char *valid = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&valid, &len);

	for (size_t i = 0; f && i < columns_count(); i++)
		fprintf(f, "%s%s", i ? ", " : "", column_at(i)->name);
	if (f)
		fclose(f);
	msg_error("unknown column '%s' in --sort; valid columns: %s", name, valid ? valid : "");
	free(valid);
}

/* One item of the list into k; -1 after a message. */
static int add_key(struct sort_keys *k, const char *item, const char *spec)
{
	bool descending;
	char *name = split_direction(item, &descending);
	const struct column *col = name ? column_find(name) : NULL;

	if (!name || !name[0])
		msg_error("bad --sort item '%s' in '%s': give COL, -COL or COL:desc", item, spec);
	else if (!col)
		unknown_column(name);
	for (size_t i = 0; col && i < k->n; i++)
		if (k->keys[i].col == col) {
			msg_error("column %s is given twice in --sort '%s'", col->name, spec);
			col = NULL;
		}
	free(name);
	if (!col)
		return -1;
	k->keys = xreallocarray(k->keys, k->n + 1, sizeof(*k->keys));
	k->keys[k->n++] = (struct sort_key){ col, descending };
	return 0;
}

int sort_keys_parse(struct sort_keys *k, const char *spec)
{
	struct strvec items = { 0 };
	int rc = 0;

	*k = (struct sort_keys){ 0 };
	if (!spec[0] || strvec_has_empty_item(spec, ',')) {
		msg_error("empty column name in --sort '%s'; give COL[,COL], e.g. --sort KIND,-INODE",
			  spec);
		return -1;
	}
	strvec_split(&items, spec, ',');
	for (size_t i = 0; i < items.len && rc == 0; i++)
		rc = add_key(k, items.items[i], spec);
	strvec_free(&items);
	if (rc < 0)
		sort_keys_free(k);
	return rc;
}

void sort_keys_free(struct sort_keys *k)
{
	free(k->keys);
	*k = (struct sort_keys){ 0 };
}
