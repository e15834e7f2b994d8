/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "snapshot_diff.h"
#include "ipc_object.h"
#include "kinds.h"
#include "procindex.h"
#include "snapshot.h"
#include "users.h"
#include "util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed_object *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->key, y->key);
}

/*
 * Identities should be unique within a kind, but a kernel may show two
 * objects under one (a message queue unlinked while open, and a new one of
 * the same name): those are ordered the same way in every snapshot, so the
 * join pairs them alike each time.
 */
static int keyed_sort_cmp(const void *a, const void *b)
{
	const struct keyed_object *x = a, *y = b;
	int c = keyed_cmp(a, b);

	if (c)
		return c;
	uint64_t ix = x->obj->has_inode ? x->obj->inode : 0, iy = y->obj->has_inode ? y->obj->inode : 0;
	if (ix != iy)
		return ix < iy ? -1 : 1;
	int px = x->obj->nholders ? x->obj->holders[0].proc->pid : 0;
	int py = y->obj->nholders ? y->obj->holders[0].proc->pid : 0;
	return (px > py) - (px < py);
}

void snapshot_keys_build(struct snapshot_keys *keys, const struct snapshot *snap)
{
	keys->n = snap->nobjects;
	keys->items = xcalloc(keys->n, sizeof(*keys->items));
	for (size_t i = 0; i < keys->n; i++) {
		const struct ipc_object *obj = snap->objects[i];
		struct keyed_object *k = &keys->items[i];
		k->obj = obj;
		k->kind = kind_index(obj->kind);
		k->owned = obj->kind->identity ? obj->kind->identity(obj) : NULL;
		k->key = k->owned ? k->owned : obj->id ? obj->id : "";
	}
	if (keys->n > 1)
		qsort(keys->items, keys->n, sizeof(*keys->items), keyed_sort_cmp);
}

void snapshot_keys_free(struct snapshot_keys *keys)
{
	for (size_t i = 0; i < keys->n; i++)
		free(keys->items[i].owned);
	free(keys->items);
	*keys = (struct snapshot_keys){ 0 };
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static int holder_cmp(const struct ipc_holder *x, const struct ipc_holder *y)
{
	if (x->proc->pid != y->proc->pid)
		return x->proc->pid < y->proc->pid ? -1 : 1;
	if (x->fd != y->fd)
		return x->fd < y->fd ? -1 : 1;
	if (x->via != y->via)
		return x->via < y->via ? -1 : 1;
	if (x->access != y->access)
		return x->access < y->access ? -1 : 1;
	/* The same descriptor in a process that has run exec since. */
	return strcmp(x->proc->command ? x->proc->command : "",
		      y->proc->command ? y->proc->command : "");
}

static int holder_qsort_cmp(const void *a, const void *b)
{
	return holder_cmp(a, b);
}

/* Holders are sorted by (pid, fd) only; several mappings of one process tie. */
static struct ipc_holder *sorted_copy(const struct ipc_holder *h, size_t n)
{
	struct ipc_holder *copy = xcalloc(n, sizeof(*copy));

	if (n) /* an object nobody holds has no array at all */
		memcpy(copy, h, n * sizeof(*copy));
	qsort(copy, n, sizeof(*copy), holder_qsort_cmp);
	return copy;
}

static bool same_order(const struct ipc_holder *a, size_t na, const struct ipc_holder *b,
		       size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (holder_cmp(&a[i], &b[i]) != 0)
			return false;
	return true;
}

struct holder_moves {
	struct ipc_holder *joined, *left;
	size_t njoined, nleft;
};

/* The holders only one side has; false when both have the same. */
static bool holders_moved(const struct ipc_holder *old, size_t nold, const struct ipc_holder *now,
			  size_t nnow, struct holder_moves *m)
{
	if (same_order(old, nold, now, nnow))
		return false;
	struct ipc_holder *a = sorted_copy(old, nold), *b = sorted_copy(now, nnow);
	size_t i = 0, j = 0;

	m->joined = xcalloc(nnow, sizeof(*m->joined));
	m->left = xcalloc(nold, sizeof(*m->left));
	m->njoined = m->nleft = 0;
	while (i < nold || j < nnow) {
		int c = i == nold ? 1 : j == nnow ? -1 : holder_cmp(&a[i], &b[j]);
		if (c < 0)
			m->left[m->nleft++] = a[i++];
		else if (c > 0)
			m->joined[m->njoined++] = b[j++];
		else
			i++, j++;
	}
	free(a);
	free(b);
	return m->njoined || m->nleft;
}

static void holder_moves_free(struct holder_moves *m)
{
	free(m->joined);
	free(m->left);
	*m = (struct holder_moves){ 0 };
}

static bool same_waiter(const struct lock_waiter *x, const struct lock_waiter *y)
{
	return x->has_pid == y->has_pid && (!x->has_pid || x->pid == y->pid) &&
	       same_text(x->command, y->command) && same_text(x->mode, y->mode) &&
	       x->start == y->start && x->to_eof == y->to_eof && (x->to_eof || x->end == y->end);
}

static bool same_attr(enum attr_type type, const struct attr_value *x, const struct attr_value *y)
{
	if (x->known != y->known)
		return false;
	if (!x->known)
		return true;
	switch (type) {
	case ATTR_UINT:
		return x->u == y->u;
	case ATTR_INT:
	case ATTR_TIME:
		return x->i == y->i;
	case ATTR_STR:
		return same_text(x->s, y->s);
	case ATTR_BOOL:
		return x->b == y->b;
	case ATTR_PEER: {
		struct holder_moves m = { 0 };
		bool moved = holders_moved(x->peer->holders, x->peer->nholders, y->peer->holders,
					   y->peer->nholders, &m);
		holder_moves_free(&m);
		return x->peer->inode == y->peer->inode && !moved;
	}
	case ATTR_INT_LIST:
		if (x->list.n != y->list.n)
			return false;
		for (size_t i = 0; i < x->list.n; i++) {
			const struct int_list_item *a = &x->list.items[i], *b = &y->list.items[i];
			if (a->known != b->known || (a->known && a->v != b->v))
				return false;
		}
		return true;
	case ATTR_WAITERS:
		if (x->waiters.n != y->waiters.n)
			return false;
		for (size_t i = 0; i < x->waiters.n; i++)
			if (!same_waiter(&x->waiters.items[i], &y->waiters.items[i]))
				return false;
		return true;
	}
	return false;
}

static const char *user_of(const struct ipc_object *obj)
{
	return obj->has_uid ? user_name(obj->uid) : NULL;
}

/* The members json_write_object writes before "holders", as far as they can differ. */
static size_t common_changes(const struct ipc_object *a, const struct ipc_object *b,
			     const char **keys)
{
	size_t n = 0;

	if (!same_text(a->id, b->id))
		keys[n++] = "id";
	if (!same_text(a->name, b->name))
		keys[n++] = "name";
	if (a->has_inode != b->has_inode || (a->has_inode && a->inode != b->inode))
		keys[n++] = "inode";
	if (a->has_uid != b->has_uid || (a->has_uid && a->uid != b->uid))
		keys[n++] = "uid";
	if (!same_text(user_of(a), user_of(b)))
		keys[n++] = "user";
	if (a->has_gid != b->has_gid || (a->has_gid && a->gid != b->gid))
		keys[n++] = "gid";
	if (a->has_mode != b->has_mode || (a->has_mode && a->mode != b->mode))
		keys[n++] = "mode";
	return n;
}

/* Room for every member of an object of any kind: the common ones and its attributes. */
static size_t most_members(void)
{
	size_t most = 0;

	for (size_t i = 0; i < kinds_count(); i++)
		if (kind_at(i)->nattrs > most)
			most = kind_at(i)->nattrs;
	return most + 8;
}

/*
 * Fills d, whose keys has room for most_members(), with what differs
 * between two states of one object; false when nothing does.
 */
static bool compare(const struct ipc_object *old, const struct ipc_object *now,
		    struct object_diff *d, struct holder_moves *m)
{
	const struct kind *k = now->kind;

	d->nkeys = common_changes(old, now, d->keys);
	if (holders_moved(old->holders, old->nholders, now->holders, now->nholders, m)) {
		d->keys[d->nkeys++] = "holders";
		d->joined = m->joined;
		d->njoined = m->njoined;
		d->left = m->left;
		d->nleft = m->nleft;
	}
	for (size_t i = 0; i < k->nattrs; i++)
		if (!same_attr(k->attrs[i]->type, &old->attrs[i], &now->attrs[i]))
			d->keys[d->nkeys++] = k->attrs[i]->json;
	return d->nkeys > 0;
}

const char *diff_event_name(enum diff_event event)
{
	switch (event) {
	case DIFF_CREATED:
		return "created";
	case DIFF_REMOVED:
		return "removed";
	case DIFF_CHANGED:
		return "changed";
	}
	return NULL;
}

int snapshot_diff(const struct snapshot_keys *old, const struct snapshot_keys *now,
		  int (*report)(const struct object_diff *d, void *ctx), void *ctx)
{
	const char **keys = xcalloc(most_members(), sizeof(*keys));
	size_t i = 0, j = 0;
	int rc = 0;

	while (rc == 0 && (i < old->n || j < now->n)) {
		int c = i == old->n ? 1 : j == now->n ? -1 : keyed_cmp(&old->items[i], &now->items[j]);
		struct object_diff d = { .keys = keys };
		struct holder_moves m = { 0 };

		if (c < 0) {
			d.event = DIFF_REMOVED;
			d.old = old->items[i++].obj;
			rc = report(&d, ctx);
		} else if (c > 0) {
			d.event = DIFF_CREATED;
			d.now = now->items[j++].obj;
			rc = report(&d, ctx);
		} else {
			d.event = DIFF_CHANGED;
			d.old = old->items[i++].obj;
			d.now = now->items[j++].obj;
			if (compare(d.old, d.now, &d, &m))
				rc = report(&d, ctx);
		}
		holder_moves_free(&m);
	}
	free(keys);
	return rc;
}
