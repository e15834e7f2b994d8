/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "lock_identity.h"
#include "ipc_object.h"
#include "procindex.h"
#include "util.h"

#include <stdio.h>

static const char *text_of(const struct ipc_object *obj, const char *json)
{
	const struct attr_value *v = ipc_object_attr_named(obj, json);
	return v && v->known ? v->s : "-";
}

static const struct attr_value *known(const struct ipc_object *obj, const char *json)
{
	const struct attr_value *v = ipc_object_attr_named(obj, json);
	return v && v->known ? v : NULL;
}

char *lock_identity(const struct ipc_object *obj)
{
	const struct attr_value *blocked = known(obj, "blocked");
	const struct attr_value *start = known(obj, "start"), *end = known(obj, "end");
	const struct attr_value *pid = known(obj, "pid");
	char owner[48], last[24] = "EOF";

	/*
	 * An OFD lock belongs to no process: two read locks on one range differ
	 * only in their open file description, which the first holder stands for.
	 */
	if (pid)
		snprintf(owner, sizeof(owner), "pid %lld", (long long)pid->i);
	else if (obj->nholders)
		snprintf(owner, sizeof(owner), "holder %d/%d", obj->holders[0].proc->pid,
			 obj->holders[0].fd);
	else
		snprintf(owner, sizeof(owner), "nobody");
	if (end)
		snprintf(last, sizeof(last), "%llu", (unsigned long long)end->u);
	return xasprintf("%s %s %s:%llu %llu-%s %s", blocked && blocked->b ? "request" : "lock",
			 text_of(obj, "type"), text_of(obj, "dev"),
			 (unsigned long long)(obj->has_inode ? obj->inode : 0),
			 (unsigned long long)(start ? start->u : 0), last, owner);
}
