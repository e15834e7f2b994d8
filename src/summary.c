#include "summary.h"
#include "ipc_object.h"
#include "kinds.h"
#include "selection.h"
#include "snapshot.h"
#include "util.h"

#include <stdlib.h>

static void count_kinds(struct summary *sum)
{
	const struct snapshot *snap = sum->snap;
	/* Per position in the kind table: where its row is, +1; 0 for unselected. */
	size_t *row = xcalloc(kinds_count(), sizeof(*row));

	sum->kinds = xcalloc(kinds_count(), sizeof(*sum->kinds));
	for (size_t k = 0; k < kinds_count(); k++) {
		if (!selection_has_kind(snap->sel, k))
			continue;
		sum->kinds[sum->nkinds] = (struct kind_usage){
			.kind = kind_at(k), .has_bytes = kind_at(k)->bytes_attr != NULL,
		};
		row[k] = ++sum->nkinds;
	}
	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct ipc_object *obj = snap->objects[i];
		size_t r = row[kind_index(obj->kind)];
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
		if (l->ceiling || !l->has_percent || l->percent <= LIMIT_WARN_PERCENT)
			continue;
		strvec_pushf(&sum->warnings, "%s (%s) is %.1f%% used: %llu of %llu %s", l->name,
			     l->sysctl, l->percent, (unsigned long long)l->used.v,
			     (unsigned long long)l->limit.v, l->unit);
	}
}

void summary_build(struct summary *sum, const struct snapshot *snap)
{
	*sum = (struct summary){ .snap = snap };
	count_kinds(sum);
	sum->nlimits = limits_measure(snap, &sum->limits);
	for (size_t i = 0; i < snap->warnings.len; i++)
		strvec_push(&sum->warnings, xstrdup(snap->warnings.items[i]));
	warn_about_limits(sum);
}

void summary_free(struct summary *sum)
{
	free(sum->kinds);
	free(sum->limits);
	strvec_free(&sum->warnings);
	*sum = (struct summary){ 0 };
}
