/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "summary.h"
#include "ipc_object.h"
#include "kinds.h"
#include "selection.h"
#include "snapshot.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool summary_kind_per_namespace(const struct kind *kind)
{
	for (size_t i = 0; i < kind->nattrs; i++)
		if (strcmp(kind->attrs[i]->json, "ipcns") == 0)
			return true;
	return false;
}

/* Where in sum->ipcns the object's namespace is, or -1 when it is not shown. */
static long namespace_of(const struct summary *sum, const struct ipc_object *obj)
{
	const struct attr_value *v = ipc_object_attr_named(obj, "ipcns");

	for (size_t i = 0; i < sum->nipcns; i++) {
		const struct namespace *ns = sum->ipcns[i];
		/* Without one, it was read where we are. */
		if (v && v->known ? v->u == ns->inode : ns->own)
			return (long)i;
	}
	return -1;
}

/* Whether some object of a kind counted per namespace lives in ns. */
static bool holds_objects(const struct snapshot *snap, const bool *per_ns,
			  const struct namespace *ns)
{
	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct ipc_object *obj = snap->objects[i];
		if (!per_ns[kind_index(obj->kind)])
			continue;
		const struct attr_value *v = ipc_object_attr_named(obj, "ipcns");
		if (v && v->known && v->u == ns->inode)
			return true;
	}
	return false;
}

/*
 * Ours always, as before there were others; another only where there is
 * something of it to count, so that a host's many sandboxes with nothing in
 * them do not bury the rest; or where --ipcns asks for it by name.
 */
static void choose_namespaces(struct summary *sum, const bool *per_ns)
{
	const struct snapshot *snap = sum->snap;
	const struct namespace_set *set = &snap->index.ns[NS_IPC];

	sum->ipcns = xcalloc(set->n + 1, sizeof(*sum->ipcns));
	sum->own_untold = (struct namespace){ .type = NS_IPC, .own = true };
	if (!snap->index.own_ns[NS_IPC] && selection_wants_namespace(snap->sel, &sum->own_untold))
		sum->ipcns[sum->nipcns++] = &sum->own_untold;
	for (size_t i = 0; i < set->n; i++) {
		const struct namespace *ns = &set->v[i];
		if (selection_wants_namespace(snap->sel, ns) &&
		    (ns->own || snap->sel->has_ipcns || holds_objects(snap, per_ns, ns)))
			sum->ipcns[sum->nipcns++] = ns;
	}
}

/* One row per selected kind in the first block; one per per-namespace kind in each other. */
static size_t *lay_out_rows(struct summary *sum, const bool *per_ns, size_t nblocks)
{
	const struct snapshot *snap = sum->snap;
	size_t nk = kinds_count();
	/* Per block and position in the kind table: where its row is, +1; 0 for none. */
	size_t *row = xcalloc(nblocks * nk, sizeof(*row));

	sum->kinds = xcalloc(nblocks * nk, sizeof(*sum->kinds));
	for (size_t b = 0; b < nblocks; b++) {
		const struct namespace *ns = b < sum->nipcns ? sum->ipcns[b] : NULL;
		for (size_t k = 0; k < nk; k++) {
			if (!selection_has_kind(snap->sel, k) || (b > 0 && !per_ns[k]))
				continue;
			const struct kind *kind = kind_at(k);
			uint64_t ipcns = ns ? ns->inode : snap->index.own_ns[NS_IPC];
			sum->kinds[sum->nkinds] = (struct kind_usage){
				.kind = kind, .ipcns = per_ns[k] ? ns : NULL,
				.counted = snapshot_kind_complete(snap, kind, ipcns),
				.has_bytes = kind->bytes_attr != NULL,
			};
			row[b * nk + k] = ++sum->nkinds;
		}
	}
	return row;
}

static void count_kinds(struct summary *sum, const bool *per_ns)
{
	const struct snapshot *snap = sum->snap;
	size_t nk = kinds_count(), nblocks = sum->nipcns ? sum->nipcns : 1;
	size_t *row = lay_out_rows(sum, per_ns, nblocks);

	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct ipc_object *obj = snap->objects[i];
		size_t k = (size_t)kind_index(obj->kind);
		long b = per_ns[k] && sum->nipcns ? namespace_of(sum, obj) : 0;
		size_t r = b >= 0 ? row[(size_t)b * nk + k] : 0;
		if (!r)
			continue;
		struct kind_usage *u = &sum->kinds[r - 1];
		u->objects++;
		if (!u->has_bytes)
			continue;
		const struct attr_value *v = ipc_object_attr(obj, obj->kind->bytes_attr);
		if (v && v->known)
			u->bytes += v->u;
		else
			u->bytes_unknown++;
	}
	free(row);
}

static void warn_about_limits(struct summary *sum)
{
	for (size_t i = 0; i < sum->nlimits; i++) {
		const struct limit_usage *l = &sum->limits[i];
		char where[48] = "";
		if (l->ceiling || !l->has_percent || l->percent <= LIMIT_WARN_PERCENT)
			continue;
		if (l->ipcns && !l->ipcns->own)
			snprintf(where, sizeof(where), " of IPC namespace %llu",
				 (unsigned long long)l->ipcns->inode);
		strvec_pushf(&sum->warnings, "%s (%s)%s is %.1f%% used: %llu of %llu %s", l->name,
			     l->sysctl, where, l->percent, (unsigned long long)l->used.v,
			     (unsigned long long)l->limit.v, l->unit);
	}
}

void summary_build(struct summary *sum, const struct snapshot *snap)
{
	bool *per_ns = xcalloc(kinds_count(), sizeof(*per_ns));

	*sum = (struct summary){ .snap = snap };
	for (size_t k = 0; k < kinds_count(); k++)
		per_ns[k] = summary_kind_per_namespace(kind_at(k));
	choose_namespaces(sum, per_ns);
	count_kinds(sum, per_ns);
	free(per_ns);
	for (size_t i = 0; i < snap->warnings.len; i++)
		strvec_push(&sum->warnings, xstrdup(snap->warnings.items[i]));
	sum->nlimits = limits_measure(snap, sum->ipcns, sum->nipcns, &sum->limits, &sum->warnings);
	warn_about_limits(sum);
}

void summary_free(struct summary *sum)
{
	free(sum->ipcns);
	free(sum->kinds);
	free(sum->limits);
	strvec_free(&sum->warnings);
	*sum = (struct summary){ 0 };
}
