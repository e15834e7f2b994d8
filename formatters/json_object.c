#include "json_object.h"
#include "ipc_object.h"
#include "kinds.h"
#include "procindex.h"
#include "users.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Absent values are null, never 0 or "": a script must tell "none" from "unknown". */
static void add_string_or_null(cJSON *o, const char *key, const char *value)
{
	if (value)
		cJSON_AddStringToObject(o, key, value);
	else
		cJSON_AddNullToObject(o, key);
}

/* cJSON holds numbers as doubles; print 64-bit values as written so an inode
 * above 2^53 keeps every digit. */
static void add_u64(cJSON *o, const char *key, uint64_t v)
{
	char text[24];
	snprintf(text, sizeof(text), "%llu", (unsigned long long)v);
	cJSON_AddRawToObject(o, key, text);
}

static void add_i64(cJSON *o, const char *key, int64_t v)
{
	char text[24];
	snprintf(text, sizeof(text), "%lld", (long long)v);
	cJSON_AddRawToObject(o, key, text);
}

static cJSON *json_of_holder(const struct ipc_holder *h);

static cJSON *json_of_holders(const struct ipc_holder *holders, size_t n)
{
	cJSON *array = cJSON_CreateArray();

	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(array, json_of_holder(&holders[i]));
	return array;
}

static void add_attr(cJSON *o, const struct attr_def *def, const struct attr_value *v)
{
	if (!v->known) {
		cJSON_AddNullToObject(o, def->json);
		return;
	}
	switch (def->type) {
	case ATTR_UINT:
		add_u64(o, def->json, v->u);
		break;
	case ATTR_INT:
		add_i64(o, def->json, v->i);
		break;
	case ATTR_STR:
		add_string_or_null(o, def->json, v->s);
		break;
	case ATTR_BOOL:
		cJSON_AddBoolToObject(o, def->json, v->b);
		break;
	case ATTR_PEER: {
		cJSON *peer = cJSON_AddObjectToObject(o, def->json);
		add_u64(peer, "inode", v->peer->inode);
		cJSON_AddItemToObject(peer, "holders",
				      json_of_holders(v->peer->holders, v->peer->nholders));
		break;
	}
	}
}

static cJSON *json_of_holder(const struct ipc_holder *h)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "pid", h->proc->pid);
	add_string_or_null(o, "command", h->proc->command);
	add_string_or_null(o, "user", h->proc->user);
	if (h->via == VIA_FD)
		cJSON_AddNumberToObject(o, "fd", h->fd);
	else
		cJSON_AddNullToObject(o, "fd");
	add_string_or_null(o, "access", access_string(h->access));
	add_string_or_null(o, "via", via_string(h->via));
	return o;
}

cJSON *json_of_object(const struct ipc_object *obj)
{
	cJSON *o = cJSON_CreateObject();
	char mode[16];

	cJSON_AddStringToObject(o, "kind", obj->kind->name);
	add_string_or_null(o, "id", obj->id);
	add_string_or_null(o, "name", obj->name);
	if (obj->has_inode)
		add_u64(o, "inode", obj->inode);
	else
		cJSON_AddNullToObject(o, "inode");
	if (obj->has_uid) {
		cJSON_AddNumberToObject(o, "uid", obj->uid);
		add_string_or_null(o, "user", user_name(obj->uid));
	} else {
		cJSON_AddNullToObject(o, "uid");
		cJSON_AddNullToObject(o, "user");
	}
	if (obj->has_gid)
		cJSON_AddNumberToObject(o, "gid", obj->gid);
	else
		cJSON_AddNullToObject(o, "gid");
	if (obj->has_mode) {
		snprintf(mode, sizeof(mode), "%04o", (unsigned)obj->mode);
		cJSON_AddStringToObject(o, "mode", mode);
	} else {
		cJSON_AddNullToObject(o, "mode");
	}
	cJSON_AddItemToObject(o, "holders", json_of_holders(obj->holders, obj->nholders));
	for (size_t i = 0; i < obj->kind->nattrs; i++)
		add_attr(o, obj->kind->attrs[i], &obj->attrs[i]);
	return o;
}

cJSON *json_of_unreadable(const struct proc_info *proc)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "pid", proc->pid);
	add_string_or_null(o, "command", proc->command);
	add_string_or_null(o, "user", proc->user);
	add_string_or_null(o, "reason", proc->unreadable);
	return o;
}

int json_emit(FILE *out, cJSON *value)
{
	char *text = cJSON_PrintUnformatted(value);
	int rc = 0;

	cJSON_Delete(value);
	if (!text || fputs(text, out) == EOF)
		rc = -1;
	free(text);
	return rc;
}
