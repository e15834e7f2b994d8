/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "kernel_limits.h"
#include "ipc_object.h"
#include "kinds.h"
#include "namespaces.h"
#include "selection.h"
#include "snapshot.h"
#include "strvec.h"
#include "sysctl.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* Whether obj is one of the objects whose use is measured. */
static bool measured(const struct limit_measure *m, const struct ipc_object *obj)
{
	if (obj->kind != m->kind)
		return false;
	if (!m->ipcns)
		return true;
	const struct attr_value *ns = ipc_object_attr_named(obj, "ipcns");
	/* Without one, it was read where we are: it is ours. */
	if (!ns || !ns->known)
		return m->ipcns->own;
	return ns->u == m->ipcns->inode;
}

/* A kind that saw none or only some of the namespace's objects cannot measure them. */
static bool saw_all(const struct limit_measure *m)
{
	uint64_t ipcns = m->ipcns ? m->ipcns->inode : m->snap->index.own_ns[NS_IPC];

	return !m->kind || snapshot_kind_complete(m->snap, m->kind, ipcns);
}

struct maybe_u64 limit_count(const struct limit_measure *m)
{
	uint64_t n = 0;

	if (!saw_all(m))
		return (struct maybe_u64){ 0 };
	for (size_t i = 0; i < m->snap->nobjects; i++)
		n += measured(m, m->snap->objects[i]);
	return maybe_known(n);
}

struct maybe_u64 limit_largest(const struct limit_measure *m, const struct attr_def *attr)
{
	uint64_t most = 0;

	if (!saw_all(m))
		return (struct maybe_u64){ 0 };
	for (size_t i = 0; i < m->snap->nobjects; i++) {
		const struct ipc_object *obj = m->snap->objects[i];
		const struct attr_value *v = measured(m, obj) ? ipc_object_attr(obj, attr) : NULL;
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
		.limit = limit_value(&m, d), .ipcns = d->system_wide ? NULL : m.ipcns,
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

static size_t limits_max(void)
{
	size_t max = ARRAY_SIZE(system_limits);

	for (size_t k = 0; k < kinds_count(); k++)
		max += kind_at(k)->nlimits;
	return max;
}

/* The whole system's: the selected kinds' that are, and those of no kind. */
static size_t measure_system(const struct limit_measure *m, struct limit_usage *out, size_t n)
{
	n = measure_kinds(m, true, out, n);
	for (size_t i = 0; i < ARRAY_SIZE(system_limits); i++)
		measure_one(m, NULL, &system_limits[i], &out[n++]);
	return n;
}

size_t limits_measure_from(const struct limit_measure *m, struct limit_usage **out)
{
	*out = xcalloc(limits_max(), sizeof(**out));
	return measure_system(m, *out, measure_kinds(m, false, *out, 0));
}

/* A /proc/sys that cannot be read, for a namespace that cannot be entered. */
static int no_sysctl(const char *name, uint64_t *values, size_t max)
{
	(void)name, (void)values, (void)max;
	return -1;
}

struct namespace_limits {
	struct limit_measure m;
	struct limit_usage *out;
	size_t n;
};

/* On a thread inside the namespace: its SysV counters and its /proc/sys. */
static int measure_inside(void *arg)
{
	struct namespace_limits *l = arg;
	struct ipc_info info;

	ipc_info_read(&info);
	l->m.info = &info;
	l->n = measure_kinds(&l->m, false, l->out, 0);
	l->m.info = NULL;
	return 0;
}

static size_t measure_namespace(const struct snapshot *snap, const struct namespace *ns,
				struct limit_usage *out, struct strvec *warnings)
{
	static const struct ipc_info unknown;
	struct namespace_limits l = {
		.m = { .snap = snap, .sysctl = sysctl_numbers, .ipcns = ns }, .out = out,
	};

	if (namespace_run(ns, measure_inside, &l) == 0)
		return l.n;
	strvec_pushf(warnings, "IPC namespace %llu: its limits cannot be read, as it cannot be "
		     "entered: %s", (unsigned long long)ns->inode, strerror(errno));
	l.m.info = &unknown;
	l.m.sysctl = no_sysctl;
	return measure_kinds(&l.m, false, out, 0);
}

size_t limits_measure(const struct snapshot *snap, const struct namespace *const *ipcns,
		      size_t n, struct limit_usage **out, struct strvec *warnings)
{
	struct ipc_info info;
	struct limit_measure m = { .snap = snap, .info = &info, .sysctl = sysctl_numbers };
	size_t count = 0;

	*out = xcalloc(limits_max() * (n + 1), sizeof(**out));
	for (size_t i = 0; i < n; i++)
		count += measure_namespace(snap, ipcns[i], *out + count, warnings);
	ipc_info_read(&info);
	return measure_system(&m, *out, count);
}
