/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ipc_object.h"
#include "file_place.h"
#include "kinds.h"
#include "procindex.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void free_waiters(struct waiter_list *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->items[i].command);
	free(w->items);
	*w = (struct waiter_list){ 0 };
}

struct ipc_object *ipc_object_new(const struct kind *kind)
{
	struct ipc_object *obj = xcalloc(1, sizeof(*obj));

	obj->kind = kind;
	obj->attrs = xcalloc(kind->nattrs, sizeof(*obj->attrs));
	return obj;
}

void ipc_object_mark_stale(struct ipc_object *obj, char *reason, bool has_since, int64_t since)
{
	ipc_object_unmark_stale(obj);
	obj->stale = xcalloc(1, sizeof(*obj->stale));
	*obj->stale = (struct stale_mark){ reason, has_since, since };
}

void ipc_object_unmark_stale(struct ipc_object *obj)
{
	if (obj->stale)
		free(obj->stale->reason);
	free(obj->stale);
	obj->stale = NULL;
}

void ipc_object_free(struct ipc_object *obj)
{
	if (!obj)
		return;
	ipc_object_unmark_stale(obj);
	for (size_t i = 0; i < obj->kind->nattrs; i++) {
		if (obj->kind->attrs[i]->type == ATTR_STR)
			free(obj->attrs[i].s);
		else if (obj->kind->attrs[i]->type == ATTR_PEER && obj->attrs[i].peer) {
			free(obj->attrs[i].peer->holders);
			free(obj->attrs[i].peer);
		} else if (obj->kind->attrs[i]->type == ATTR_INT_LIST) {
			free(obj->attrs[i].list.items);
		} else if (obj->kind->attrs[i]->type == ATTR_WAITERS) {
			free_waiters(&obj->attrs[i].waiters);
		}
	}
	free(obj->attrs);
	free(obj->holders);
	free(obj->id);
	free(obj->name);
	file_place_free(obj->place);
	free(obj);
}

static void push_holder(struct ipc_holder **holders, size_t *n, size_t *cap,
			const struct proc_info *proc, int fd, unsigned access, enum holder_via via)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 2;
		*holders = xreallocarray(*holders, *cap, sizeof(**holders));
	}
	(*holders)[(*n)++] = (struct ipc_holder){
		.proc = proc, .fd = fd, .access = access, .via = via,
	};
}

void ipc_object_add_holder(struct ipc_object *obj, const struct proc_info *proc, int fd,
			   unsigned access, enum holder_via via)
{
	push_holder(&obj->holders, &obj->nholders, &obj->holders_cap, proc, fd, access, via);
}

void ipc_object_set_owner(struct ipc_object *obj, const struct stat *st)
{
	obj->has_uid = obj->has_gid = obj->has_mode = true;
	obj->uid = st->st_uid;
	obj->gid = st->st_gid;
	obj->mode = st->st_mode & 07777;
}

void ipc_object_add_group_holders(struct ipc_object *obj, const struct procindex *idx,
				  const struct fd_group *group)
{
	if (!group)
		return;
	procindex_foreach_in_group(idx, group, e)
		ipc_object_add_holder(obj, procindex_proc_of(idx, e), e->fd, e->access,
				      e->fd < 0 ? VIA_MAP : VIA_FD);
}

void ipc_peer_add_holder(struct ipc_peer *peer, const struct proc_info *proc, int fd,
			 unsigned access, enum holder_via via)
{
	push_holder(&peer->holders, &peer->nholders, &peer->holders_cap, proc, fd, access, via);
}

static int holder_cmp(const void *a, const void *b)
{
	const struct ipc_holder *x = a, *y = b;

	if (x->proc->pid != y->proc->pid)
		return x->proc->pid < y->proc->pid ? -1 : 1;
	return (x->fd > y->fd) - (x->fd < y->fd);
}

void ipc_object_sort_holders(struct ipc_object *obj)
{
	if (obj->nholders > 1)
		qsort(obj->holders, obj->nholders, sizeof(*obj->holders), holder_cmp);
}

static struct attr_value *slot(struct ipc_object *obj, const struct attr_def *def)
{
	for (size_t i = 0; i < obj->kind->nattrs; i++)
		if (obj->kind->attrs[i] == def)
			return &obj->attrs[i];
	/* A collector setting an attribute its kind does not declare is a bug, not input. */
	msg_error("internal error: kind %s has no attribute %s", obj->kind->name, def->json);
	abort();
}

void ipc_object_set_uint(struct ipc_object *obj, const struct attr_def *def, uint64_t v)
{
	struct attr_value *a = slot(obj, def);
	a->known = true;
	a->u = v;
}

void ipc_object_set_int(struct ipc_object *obj, const struct attr_def *def, int64_t v)
{
	struct attr_value *a = slot(obj, def);
	a->known = true;
	a->i = v;
}

void ipc_object_set_str(struct ipc_object *obj, const struct attr_def *def, const char *v)
{
	struct attr_value *a = slot(obj, def);
	free(a->s);
	a->s = v ? xstrdup(v) : NULL;
	a->known = v != NULL;
}

void ipc_object_set_bool(struct ipc_object *obj, const struct attr_def *def, bool v)
{
	struct attr_value *a = slot(obj, def);
	a->known = true;
	a->b = v;
}

void ipc_object_set_time(struct ipc_object *obj, const struct attr_def *def, int64_t t)
{
	struct attr_value *a = slot(obj, def);
	a->known = t != 0;
	a->i = t;
}

void ipc_object_set_list(struct ipc_object *obj, const struct attr_def *def,
			 struct int_list_item *items, size_t n)
{
	struct attr_value *a = slot(obj, def);
	free(a->list.items);
	a->list = (struct int_list){ .n = n, .items = items };
	a->known = true;
}

void ipc_object_set_waiters(struct ipc_object *obj, const struct attr_def *def,
			    struct lock_waiter *items, size_t n)
{
	struct attr_value *a = slot(obj, def);
	free_waiters(&a->waiters);
	a->waiters = (struct waiter_list){ .n = n, .items = items };
	a->known = true;
}

struct ipc_peer *ipc_object_set_peer(struct ipc_object *obj, const struct attr_def *def,
				     uint64_t inode)
{
	struct attr_value *a = slot(obj, def);

	if (a->peer) {
		free(a->peer->holders);
		free(a->peer);
	}
	a->peer = xcalloc(1, sizeof(*a->peer));
	a->peer->inode = inode;
	a->known = true;
	return a->peer;
}

const struct attr_value *ipc_object_attr_named(const struct ipc_object *obj, const char *json)
{
	for (size_t i = 0; i < obj->kind->nattrs; i++)
		if (strcmp(obj->kind->attrs[i]->json, json) == 0)
			return &obj->attrs[i];
	return NULL;
}

const struct attr_value *ipc_object_attr(const struct ipc_object *obj, const struct attr_def *def)
{
	for (size_t i = 0; i < obj->kind->nattrs; i++)
		if (obj->kind->attrs[i] == def)
			return &obj->attrs[i];
	return NULL;
}

const char *access_string(unsigned access)
{
	switch (access & (ACCESS_READ | ACCESS_WRITE)) {
	case ACCESS_READ:
		return "r";
	case ACCESS_WRITE:
		return "w";
	case ACCESS_READ | ACCESS_WRITE:
		return "rw";
	default:
		return NULL;
	}
}

const char *via_string(enum holder_via via)
{
	switch (via) {
	case VIA_FD:
		return "fd";
	case VIA_MAP:
		return "map";
	case VIA_LOCK:
		return "lock";
	case VIA_OPEN:
		return "open";
	}
	return NULL;
}
