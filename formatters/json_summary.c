/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * summary --json: one document with the IPC namespaces counted, the kinds
 * and the limits, each labelled with its namespace, and what could not be
 * read.
 */
#include "format_writers.h"
#include "json_document.h"
#include "jsonw.h"
#include "kinds.h"
#include "namespaces.h"
#include "snapshot.h"
#include "summary.h"

static void write_maybe(struct jsonw *w, const char *key, bool known, uint64_t v)
{
	jw_key(w, key);
	if (known)
		jw_u64(w, v);
	else
		jw_null(w);
}

/* The namespace's inode; null for what is not per namespace, or ours when it cannot be told. */
static void write_ipcns(struct jsonw *w, const struct namespace *ns)
{
	write_maybe(w, "ipcns", ns && ns->inode, ns ? ns->inode : 0);
}

static void write_namespace(struct jsonw *w, const struct namespace *ns)
{
	jw_object_begin(w);
	write_ipcns(w, ns);
	jw_key(w, "own");
	jw_bool(w, ns->own);
	/* Ours when its inode is unknown was never counted among the processes. */
	write_maybe(w, "processes", ns->inode != 0, ns->nprocs);
	jw_object_end(w);
}

static void write_kind(struct jsonw *w, const struct kind_usage *k)
{
	jw_object_begin(w);
	jw_key(w, "kind");
	jw_string(w, k->kind->name);
	write_ipcns(w, k->ipcns);
	write_maybe(w, "objects", k->counted, k->objects);
	write_maybe(w, "bytes", k->counted && k->has_bytes, k->bytes);
	write_maybe(w, "bytes_unknown", k->counted && k->has_bytes, k->bytes_unknown);
	jw_object_end(w);
}

static void write_limit(struct jsonw *w, const struct limit_usage *l)
{
	jw_object_begin(w);
	jw_key(w, "name");
	jw_string(w, l->name);
	jw_key(w, "sysctl");
	jw_string(w, l->sysctl);
	jw_key(w, "kind");
	jw_string(w, l->kind);
	write_ipcns(w, l->ipcns);
	jw_key(w, "description");
	jw_string(w, l->what);
	jw_key(w, "unit");
	jw_string(w, l->unit);
	write_maybe(w, "used", l->used.known, l->used.v);
	write_maybe(w, "limit", l->limit.known, l->limit.v);
	jw_key(w, "percent");
	if (l->has_percent)
		jw_fixed(w, l->percent, 2);
	else
		jw_null(w);
	jw_key(w, "ceiling");
	jw_bool(w, l->ceiling);
	jw_object_end(w);
}

int json_print_summary(const struct summary *sum, FILE *out)
{
	struct jsonw w;

	json_document_begin(&w, out);
	jw_key(&w, "ipc_namespaces");
	jw_array_begin(&w);
	for (size_t i = 0; i < sum->nipcns; i++)
		write_namespace(&w, sum->ipcns[i]);
	jw_array_end(&w);
	jw_key(&w, "kinds");
	jw_array_begin(&w);
	for (size_t i = 0; i < sum->nkinds; i++)
		write_kind(&w, &sum->kinds[i]);
	jw_array_end(&w);
	jw_key(&w, "limits");
	jw_array_begin(&w);
	for (size_t i = 0; i < sum->nlimits; i++)
		write_limit(&w, &sum->limits[i]);
	jw_array_end(&w);
	return json_document_end(&w, &sum->snap->index, &sum->warnings);
}
