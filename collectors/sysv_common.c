/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What the three SysV kinds share: the key, the owner, pids, and where they
 * come from: each IPC namespace's own table, read from a thread inside it.
 */
#include "sysv_common.h"
#include "collect.h"
#include "kinds.h"
#include "namespaces.h"
#include "procindex.h"
#include "selection.h"
#include "strvec.h"
#include "sysvipc_table.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct attr_def attr_sysv_key = {
	.json = "key", .column = "KEY", .type = ATTR_STR, .width_hint = 10,
	.help = "key as hex; 0x00000000 is IPC_PRIVATE",
};
const struct attr_def attr_sysv_cuid = {
	.json = "cuid", .column = "CUID", .type = ATTR_UINT, .width_hint = 5,
	.col_flags = COL_RIGHT, .help = "creator's user id",
};
const struct attr_def attr_sysv_cgid = {
	.json = "cgid", .column = "CGID", .type = ATTR_UINT, .width_hint = 5,
	.col_flags = COL_RIGHT, .help = "creator's group id",
};
const struct attr_def attr_sysv_ctime = {
	.json = "ctime", .column = "CTIME", .type = ATTR_TIME, .width_hint = 20,
	.help = "last change of owner or mode (or creation), UTC",
};

const struct attr_def attr_sysv_ipcns = {
	.json = "ipcns", .column = "IPCNS", .type = ATTR_UINT, .width_hint = 10,
	.col_flags = COL_RIGHT, .help = "IPC namespace it lives in (inode of /proc/PID/ns/ipc)",
};

static FILE *sysvipc_open(const char *file)
{
	const char *use = getenv("IPCSCOPE_PROC_SYSVIPC");
	char path[64];

	if (use && strcmp(use, "off") == 0)
		return NULL;
	snprintf(path, sizeof(path), "/proc/sysvipc/%s", file);
	return fopen(path, "re");
}

struct namespace_read {
	struct sysv_ctx rows;
	const struct sysv_source *src;
	bool entered; /* the read began inside the namespace */
};

/* On a thread inside the namespace: the file opened here lists its objects. */
static int read_namespace(void *arg)
{
	struct namespace_read *r = arg;
	struct sysvipc_result res;

	r->entered = true;
	FILE *f = sysvipc_open(r->src->file);
	if (!f)
		return r->src->fallback(&r->rows);
	int rc = sysvipc_table_read(f, r->src->columns, r->src->ncolumns, r->src->row, &r->rows,
				    &res);
	fclose(f);
	if (rc < 0)
		return r->src->fallback(&r->rows);
	if (res.malformed)
		strvec_pushf(r->rows.collect->warnings, "/proc/sysvipc/%s%s: %zu malformed line%s left out",
			     r->src->file, r->rows.where, res.malformed,
			     res.malformed == 1 ? "" : "s");
	return 0;
}

/* One namespace's objects; *entered says whether it could be entered at all. */
static int collect_namespace(struct collect_ctx *ctx, const struct kind *self,
			     const struct sysv_source *src, const struct namespace *ns,
			     bool *entered)
{
	struct namespace_read r = { .rows = { ctx, self, ns, "" }, .src = src };

	if (ns && !ns->own)
		snprintf(r.rows.where, sizeof(r.rows.where), " in IPC namespace %llu",
			 (unsigned long long)ns->inode);
	int rc = ns ? namespace_run(ns, read_namespace, &r) : read_namespace(&r);
	*entered = r.entered;
	return rc;
}

/* "sysv_shm: the objects of 2 IPC namespaces are not listed, as they cannot be entered: ..." */
static void warn_not_entered(struct collect_ctx *ctx, const struct kind *self, size_t n,
			     const char *list)
{
	strvec_pushf(ctx->warnings,
		     "%s: the objects of %zu IPC namespace%s are not listed, as %s cannot be "
		     "entered: %s",
		     self->name, n, n == 1 ? "" : "s", n == 1 ? "it" : "they", list);
}

int sysv_collect(struct collect_ctx *ctx, const struct kind *self, const struct sysv_source *src)
{
	const struct namespace_set *set = &ctx->idx->ns[NS_IPC];
	/* Ours, when its inode could not be read: read where we are, all the same. */
	const struct namespace untold = { .type = NS_IPC, .own = true };
	char *shut = NULL; /* the namespaces that could not be entered, for the warning */
	size_t shut_len = 0, nshut = 0;
	FILE *list = open_memstream(&shut, &shut_len);
	bool entered;
	int rc = 0;

	if (!ctx->idx->own_ns[NS_IPC] && selection_wants_namespace(ctx->sel, &untold))
		rc = collect_namespace(ctx, self, src, NULL, &entered);
	for (size_t i = 0; i < set->n; i++) {
		const struct namespace *ns = &set->v[i];
		if (!selection_wants_namespace(ctx->sel, ns))
			continue;
		int got = collect_namespace(ctx, self, src, ns, &entered);
		if (ns->own)
			rc = got;
		else if (!entered && list && ns->pid)
			fprintf(list, "%s%llu (through process %d: %s)", nshut++ ? ", " : "",
				(unsigned long long)ns->inode, ns->pid, strerror(errno));
		else if (!entered && list)
			fprintf(list, "%s%llu (no process to enter it by)", nshut++ ? ", " : "",
				(unsigned long long)ns->inode);
	}
	if (list && fclose(list) == 0 && nshut)
		warn_not_entered(ctx, self, nshut, shut);
	free(shut);
	return rc;
}

uint64_t sysv_ipcns(const struct sysv_ctx *c)
{
	return c->ns ? c->ns->inode : 0;
}

struct ipc_object *sysv_object_new(const struct sysv_ctx *c, const struct attr_def *id_attr,
				   const struct sysv_perm *perm)
{
	struct ipc_object *obj = ipc_object_new(c->self);
	char *key = xasprintf("0x%08x", (uint32_t)perm->key);

	if (c->ns && !c->ns->own)
		obj->id = xasprintf("%u@%llu", perm->id, (unsigned long long)c->ns->inode);
	else
		obj->id = xasprintf("%u", perm->id);
	if (c->ns)
		ipc_object_set_uint(obj, &attr_sysv_ipcns, c->ns->inode);
	/* The key is what programs agree on, so it is the name; IPC_PRIVATE has none. */
	obj->name = perm->key ? xstrdup(key) : NULL;
	obj->has_uid = obj->has_gid = obj->has_mode = true;
	obj->uid = perm->uid;
	obj->gid = perm->gid;
	obj->mode = perm->mode & 0777;
	ipc_object_set_uint(obj, id_attr, perm->id);
	ipc_object_set_str(obj, &attr_sysv_key, key);
	ipc_object_set_uint(obj, &attr_sysv_cuid, perm->cuid);
	ipc_object_set_uint(obj, &attr_sysv_cgid, perm->cgid);
	free(key);
	return obj;
}

void sysv_set_pid(struct ipc_object *obj, const struct attr_def *pid_attr,
		  const struct attr_def *alive_attr, int64_t pid)
{
	/* Past the pid range the value is garbled, and kill() would take it for a group or for -1. */
	if (pid <= 0 || pid > INT32_MAX)
		return;
	ipc_object_set_int(obj, pid_attr, pid);
	/* EPERM: it exists but is not ours to signal; no signal is sent either way. */
	ipc_object_set_bool(obj, alive_attr, kill((pid_t)pid, 0) == 0 || errno == EPERM);
}
