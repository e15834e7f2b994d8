/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json_object.h"
#include "columns.h"
#include "formatters.h"
#include "ipc_object.h"
#include "jsonw.h"
#include "kinds.h"
#include "procindex.h"
#include "strvec.h"
#include "users.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Absent values are null, never 0 or "": a script must tell "none" from "unknown". */
static void field_string(struct jsonw *w, const char *key, const char *value)
{
	jw_key(w, key);
	jw_string(w, value);
}

/*
 * "name" is text, with U+FFFD for bytes that are not UTF-8, so two names
 * can read the same; "name_bytes" is then the name itself, in base64, for
 * a script to act on.  null when "name" shows every byte as it is.
 */
static void write_name_bytes(struct jsonw *w, const char *name)
{
	if (name && !jw_is_utf8(name))
		jw_base64(w, name, strlen(name));
	else
		jw_null(w);
}

void json_write_name(struct jsonw *w, const char *name)
{
	field_string(w, "name", name);
	jw_key(w, "name_bytes");
	write_name_bytes(w, name);
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
		field_string(w, "container", h->proc->container);
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
			field_string(w, "lock_mode", lw->mode);
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

static void write_known_u64(struct jsonw *w, bool known, uint64_t v)
{
	if (known)
		jw_u64(w, v);
	else
		jw_null(w);
}

static void write_mode(struct jsonw *w, const struct ipc_object *obj)
{
	char mode[16];

	snprintf(mode, sizeof(mode), "%04o", (unsigned)obj->mode);
	jw_string(w, obj->has_mode ? mode : NULL);
}

void json_write_object(struct jsonw *w, const struct ipc_object *obj)
{
	jw_object_begin(w);
	field_string(w, "kind", obj->kind->name);
	field_string(w, "id", obj->id);
	json_write_name(w, obj->name);
	jw_key(w, "inode");
	write_known_u64(w, obj->has_inode, obj->inode);
	jw_key(w, "uid");
	write_known_u64(w, obj->has_uid, obj->uid);
	field_string(w, "user", obj->has_uid ? user_name(obj->uid) : NULL);
	jw_key(w, "gid");
	write_known_u64(w, obj->has_gid, obj->gid);
	jw_key(w, "mode");
	write_mode(w, obj);
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

void json_write_holders(struct jsonw *w, const struct ipc_holder *holders, size_t n)
{
	write_holders(w, holders, n);
}

/* The members json_write_object writes before the kind's own, in its order. */
static const char *const common_members[] = {
	"kind", "id", "name", "name_bytes", "inode", "uid", "user", "gid", "mode", "holders",
};

static bool is_common_member(const char *member)
{
	for (size_t i = 0; i < ARRAY_SIZE(common_members); i++)
		if (strcmp(common_members[i], member) == 0)
			return true;
	return false;
}

bool json_write_member_as(struct jsonw *w, const struct ipc_object *obj, const char *member,
			  const char *key)
{
	for (size_t i = 0; i < obj->kind->nattrs; i++) {
		if (strcmp(obj->kind->attrs[i]->json, member) == 0) {
			struct attr_def renamed = *obj->kind->attrs[i];
			renamed.json = key;
			write_attr(w, &renamed, &obj->attrs[i]);
			return true;
		}
	}
	if (!is_common_member(member))
		return false;
	jw_key(w, key);
	if (strcmp(member, "kind") == 0)
		jw_string(w, obj->kind->name);
	else if (strcmp(member, "id") == 0)
		jw_string(w, obj->id);
	else if (strcmp(member, "name") == 0)
		jw_string(w, obj->name);
	else if (strcmp(member, "name_bytes") == 0)
		write_name_bytes(w, obj->name);
	else if (strcmp(member, "inode") == 0)
		write_known_u64(w, obj->has_inode, obj->inode);
	else if (strcmp(member, "uid") == 0)
		write_known_u64(w, obj->has_uid, obj->uid);
	else if (strcmp(member, "user") == 0)
		jw_string(w, obj->has_uid ? user_name(obj->uid) : NULL);
	else if (strcmp(member, "gid") == 0)
		write_known_u64(w, obj->has_gid, obj->gid);
	else if (strcmp(member, "mode") == 0)
		write_mode(w, obj);
	else
		write_holders(w, obj->holders, obj->nholders);
	return true;
}

void json_write_unreadable_member(struct jsonw *w, const struct procindex *idx)
{
	jw_key(w, "unreadable");
	jw_array_begin(w);
	for (size_t i = 0; i < idx->nprocs; i++)
		if (idx->procs[i].unreadable)
			json_write_unreadable(w, &idx->procs[i]);
	jw_array_end(w);
}

/* The members a column with no member of its own is written as: its text, by its name. */
static void write_column_text(struct jsonw *w, const struct column *col, const struct ipc_object *obj)
{
	char key[32];
	size_t i = 0;

	for (; col->name[i] && i < sizeof(key) - 1; i++)
		key[i] = col->name[i] == '-' ? '_' : (char)tolower((unsigned char)col->name[i]);
	key[i] = '\0';
	jw_key(w, key);
	if (strcmp(col->name, "NHOLDERS") == 0) {
		jw_u64(w, obj->nholders);
		return;
	}
	char *text = column_cell(col, obj);
	jw_string(w, text);
	free(text);
}

/* The generic columns whose members json_write_object writes, under the same name. */
static const char *common_member_of(const struct column *col)
{
	static const char *const names[][2] = {
		{ "KIND", "kind" }, { "ID", "id" },     { "NAME", "name" }, { "INODE", "inode" },
		{ "USER", "user" }, { "UID", "uid" },   { "GID", "gid" },   { "MODE", "mode" },
		{ "HOLDERS", "holders" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (strcmp(names[i][0], col->name) == 0)
			return names[i][1];
	return NULL;
}

static bool is_stale_column(const struct column *col)
{
	return strcmp(col->name, "STALE") == 0 || strcmp(col->name, "STALE-SINCE") == 0;
}

void json_write_object_columns(struct jsonw *w, const struct ipc_object *obj,
			       const struct column *const *cols, size_t n)
{
	bool stale_written = false;

	jw_object_begin(w);
	for (size_t i = 0; i < n; i++) {
		const struct column *col = cols[i];
		const char *member = col->attr_json ? col->attr_json : common_member_of(col);
		if (is_stale_column(col)) {
			/* One member for both columns, and, as always, only where judged. */
			if (obj->stale_judged && !stale_written)
				write_stale(w, obj->stale);
			stale_written = true;
		} else if (!member) {
			write_column_text(w, col, obj);
		} else if (!json_write_member_as(w, obj, member, member)) {
			/* Another kind's attribute: unknown here, as its table cell is. */
			jw_key(w, member);
			jw_null(w);
		} else if (strcmp(member, "name") == 0) {
			jw_key(w, "name_bytes");
			write_name_bytes(w, obj->name);
		}
	}
	jw_object_end(w);
}

void json_write_listed_object(struct jsonw *w, const struct ipc_object *obj,
			      const struct output_options *opts)
{
	if (opts && opts->json_columns)
		json_write_object_columns(w, obj, opts->columns, opts->ncolumns);
	else
		json_write_object(w, obj);
}
