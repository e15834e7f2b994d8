#include "json_object.h"
#include "ipc_object.h"
#include "jsonw.h"
#include "kinds.h"
#include "procindex.h"
#include "strvec.h"
#include "users.h"
#include "util.h"

#include <stdio.h>

/* Absent values are null, never 0 or "": a script must tell "none" from "unknown". */
static void field_string(struct jsonw *w, const char *key, const char *value)
{
	jw_key(w, key);
	jw_string(w, value);
}

static void write_holders(struct jsonw *w, const struct ipc_holder *holders, size_t n)
{
	jw_array_begin(w);
	for (size_t i = 0; i < n; i++) {
		const struct ipc_holder *h = &holders[i];
		jw_object_begin(w);
		jw_key(w, "pid");
		jw_i64(w, h->proc->pid);
		field_string(w, "command", h->proc->command);
		field_string(w, "user", h->proc->user);
		jw_key(w, "fd");
		if (h->via == VIA_FD)
			jw_i64(w, h->fd);
		else
			jw_null(w);
		field_string(w, "access", access_string(h->access));
		field_string(w, "via", via_string(h->via));
		jw_object_end(w);
	}
	jw_array_end(w);
}

static void write_stale(struct jsonw *w, const struct stale_mark *stale)
{
	jw_key(w, "stale");
	if (!stale) {
		jw_null(w);
		return;
	}
	jw_object_begin(w);
	field_string(w, "reason", stale->reason);
	jw_key(w, "since");
	if (stale->has_since) {
		char when[UTC_TIME_LEN];
		format_utc_time(stale->since, when);
		jw_string(w, when);
	} else {
		jw_null(w);
	}
	jw_object_end(w);
}

static void write_attr(struct jsonw *w, const struct attr_def *def, const struct attr_value *v)
{
	jw_key(w, def->json);
	if (!v->known) {
		jw_null(w);
		return;
	}
	switch (def->type) {
	case ATTR_UINT:
		jw_u64(w, v->u);
		break;
	case ATTR_INT:
		jw_i64(w, v->i);
		break;
	case ATTR_STR:
		jw_string(w, v->s);
		break;
	case ATTR_BOOL:
		jw_bool(w, v->b);
		break;
	case ATTR_PEER:
		jw_object_begin(w);
		jw_key(w, "inode");
		jw_u64(w, v->peer->inode);
		jw_key(w, "holders");
		write_holders(w, v->peer->holders, v->peer->nholders);
		jw_object_end(w);
		break;
	case ATTR_TIME: {
		char when[UTC_TIME_LEN];
		format_utc_time(v->i, when);
		jw_string(w, when);
		break;
	}
	case ATTR_WAITERS:
		jw_array_begin(w);
		for (size_t i = 0; i < v->waiters.n; i++) {
			const struct lock_waiter *lw = &v->waiters.items[i];
			jw_object_begin(w);
			jw_key(w, "pid");
			if (lw->has_pid)
				jw_i64(w, lw->pid);
			else
				jw_null(w);
			field_string(w, "command", lw->command);
			field_string(w, "mode", lw->mode);
			jw_key(w, "start");
			jw_u64(w, lw->start);
			jw_key(w, "end");
			if (lw->to_eof)
				jw_null(w);
			else
				jw_u64(w, lw->end);
			jw_object_end(w);
		}
		jw_array_end(w);
		break;
	case ATTR_INT_LIST:
		jw_array_begin(w);
		for (size_t i = 0; i < v->list.n; i++) {
			if (v->list.items[i].known)
				jw_i64(w, v->list.items[i].v);
			else
				jw_null(w);
		}
		jw_array_end(w);
		break;
	}
}

void json_write_object(struct jsonw *w, const struct ipc_object *obj)
{
	char mode[16];

	jw_object_begin(w);
	field_string(w, "kind", obj->kind->name);
	field_string(w, "id", obj->id);
	field_string(w, "name", obj->name);
	jw_key(w, "inode");
	if (obj->has_inode)
		jw_u64(w, obj->inode);
	else
		jw_null(w);
	jw_key(w, "uid");
	if (obj->has_uid)
		jw_u64(w, obj->uid);
	else
		jw_null(w);
	field_string(w, "user", obj->has_uid ? user_name(obj->uid) : NULL);
	jw_key(w, "gid");
	if (obj->has_gid)
		jw_u64(w, obj->gid);
	else
		jw_null(w);
	/* A lock's "mode" is its own (read or write), a string like this one. */
	if (!ipc_object_attr_named(obj, "mode")) {
		snprintf(mode, sizeof(mode), "%04o", (unsigned)obj->mode);
		field_string(w, "mode", obj->has_mode ? mode : NULL);
	}
	jw_key(w, "holders");
	write_holders(w, obj->holders, obj->nholders);
	for (size_t i = 0; i < obj->kind->nattrs; i++)
		write_attr(w, obj->kind->attrs[i], &obj->attrs[i]);
	/* Only where it was judged: absent says "not asked", null says "not stale". */
	if (obj->stale_judged)
		write_stale(w, obj->stale);
	jw_object_end(w);
}

void json_write_warnings(struct jsonw *w, const struct strvec *warnings)
{
	jw_key(w, "warnings");
	jw_array_begin(w);
	for (size_t i = 0; i < warnings->len; i++)
		jw_string(w, warnings->items[i]);
	jw_array_end(w);
}

void json_write_unreadable(struct jsonw *w, const struct proc_info *proc)
{
	jw_object_begin(w);
	jw_key(w, "pid");
	jw_i64(w, proc->pid);
	field_string(w, "command", proc->command);
	field_string(w, "user", proc->user);
	field_string(w, "reason", proc->unreadable);
	jw_object_end(w);
}
