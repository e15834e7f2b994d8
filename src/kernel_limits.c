#include "kernel_limits.h"
#include "ipc_object.h"
#include "kinds.h"
#include "selection.h"
#include "snapshot.h"
#include "sysctl.h"
#include "util.h"

#include <stdlib.h>

struct maybe_u64 limit_count(const struct limit_measure *m)
{
	uint64_t n = 0;

	for (size_t i = 0; i < m->snap->nobjects; i++)
		n += m->snap->objects[i]->kind == m->kind;
	return maybe_known(n);
}

struct maybe_u64 limit_largest(const struct limit_measure *m, const struct attr_def *attr)
{
	uint64_t most = 0;

	for (size_t i = 0; i < m->snap->nobjects; i++) {
		const struct ipc_object *obj = m->snap->objects[i];
		const struct attr_value *v = obj->kind == m->kind ? ipc_object_attr(obj, attr) : NULL;
		if (v && v->known && v->u > most)
			most = v->u;
	}
	return maybe_known(most);
}

static struct maybe_u64 open_files(const struct limit_measure *m)
{
	uint64_t nr[3];

	/* allocated, allocated but unused (always 0 since Linux 2.6), maximum */
	if (m->sysctl("fs.file-nr", nr, 3) < 2 || nr[1] > nr[0])
		return (struct maybe_u64){ 0 };
	return maybe_known(nr[0] - nr[1]);
}

/* The limits of no one kind, after every kind's. */
static const struct kind_limit system_limits[] = {
	{ .name = "file_max", .sysctl = "fs.file-max", .what = "open files in the whole system",
	  .unit = "files", .system_wide = true, .used = open_files },
};

static struct maybe_u64 limit_value(const struct limit_measure *m, const struct kind_limit *d)
{
	uint64_t values[4];
	int n = m->sysctl(d->sysctl, values, ARRAY_SIZE(values));

	if (n > (int)d->field)
		return maybe_known(values[d->field]);
	return d->fallback ? d->fallback(m->info) : (struct maybe_u64){ 0 };
}

static void measure_one(const struct limit_measure *all, const struct kind *kind,
			const struct kind_limit *d, struct limit_usage *u)
{
	struct limit_measure m = *all;

	m.kind = kind;
	*u = (struct limit_usage){
		.name = d->name, .sysctl = d->sysctl, .kind = kind ? kind->name : NULL,
		.what = d->what, .unit = d->unit, .ceiling = d->ceiling, .used = d->used(&m),
		.limit = limit_value(&m, d),
	};
	/* 0 is "no limit" for the pipe pages; a share of nothing means nothing. */
	if (u->used.known && u->limit.known && u->limit.v > 0) {
		u->has_percent = true;
		u->percent = 100.0 * (double)u->used.v / (double)u->limit.v;
	}
}

/* The selected kinds' limits of one scope, in the order of the kind table, into out[n...]. */
static size_t measure_kinds(const struct limit_measure *m, bool system_wide,
			    struct limit_usage *out, size_t n)
{
	for (size_t k = 0; k < kinds_count(); k++) {
		const struct kind *kind = kind_at(k);
		if (!selection_has_kind(m->snap->sel, k))
			continue;
		for (size_t i = 0; i < kind->nlimits; i++)
			if (kind->limits[i].system_wide == system_wide)
				measure_one(m, kind, &kind->limits[i], &out[n++]);
	}
	return n;
}

size_t limits_measure_from(const struct limit_measure *m, struct limit_usage **out)
{
	size_t max = ARRAY_SIZE(system_limits), n;

	for (size_t k = 0; k < kinds_count(); k++)
		max += kind_at(k)->nlimits;
	*out = xcalloc(max, sizeof(**out));
	/* Each IPC namespace's own limits first, then the ones it shares with the system. */
	n = measure_kinds(m, false, *out, 0);
	n = measure_kinds(m, true, *out, n);
	for (size_t i = 0; i < ARRAY_SIZE(system_limits); i++)
		measure_one(m, NULL, &system_limits[i], &(*out)[n++]);
	return n;
}

size_t limits_measure(const struct snapshot *snap, struct limit_usage **out)
{
	struct ipc_info info;
	struct limit_measure m = { .snap = snap, .info = &info, .sysctl = sysctl_numbers };

	ipc_info_read(&info);
	return limits_measure_from(&m, out);
}
