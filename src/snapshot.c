/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "snapshot.h"
#include "blocked_threads.h"
#include "collect.h"
#include "ipc_object.h"
#include "kinds.h"
#include "pid_namespace.h"
#include "selection.h"
#include "text_escape.h"
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Within one kind: by inode, then by id as a person would count. */
static int object_cmp(const void *a, const void *b)
{
	const struct ipc_object *x = *(const struct ipc_object *const *)a;
	const struct ipc_object *y = *(const struct ipc_object *const *)b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return strverscmp(x->id ? x->id : "", y->id ? y->id : "");
}

/*
 * After the walk, the collectors are independent: each reads the index and
 * the kernel's own interface for its kind, and much of it is system time
 * (duplicating pipe ends, netlink dumps), which on one thread would leave
 * the other cores idle.  So they run on as many threads as there are
 * cores, each collector with a context of its own (collect.h): the index,
 * the selection, the blocked threads and its kind's own data to read, and
 * its own objects and warnings to write.  The parts are sorted on their
 * thread and joined in the kind table's order, so the output is the same
 * whatever the threads did.
 */
struct collect_part {
	struct collect_ctx ctx;
	struct strvec warnings, notes;
	bool failed;
};

struct collect_run {
	const struct selection *sel;
	struct collect_part *parts; /* one per kind */
	atomic_size_t next;
};

static void collect_some(struct collect_run *run)
{
	size_t i;

	while ((i = atomic_fetch_add(&run->next, 1)) < kinds_count()) {
		const struct kind *k = kind_at(i);
		if (!selection_has_kind(run->sel, i))
			continue;
		struct collect_ctx *ctx = &run->parts[i].ctx;
		run->parts[i].failed = k->collect(ctx, k) < 0;
		if (ctx->nobjects > 1)
			qsort(ctx->objects, ctx->nobjects, sizeof(*ctx->objects), object_cmp);
	}
}

static void *collector_thread(void *arg)
{
	collect_some(arg);
	return NULL;
}

#define MAX_COLLECTOR_THREADS 8

static struct collect_part *collect_parts(const struct snapshot *snap)
{
	struct collect_part *parts = xcalloc(kinds_count(), sizeof(*parts));

	for (size_t i = 0; i < kinds_count(); i++)
		parts[i].ctx = (struct collect_ctx){
			.idx = &snap->index,
			.sel = snap->sel,
			.blocked = snap->blocked,
			.warnings = &parts[i].warnings,
			.notes = &parts[i].notes,
			.my_data = snap->kind_data[i],
		};
	return parts;
}

/* The parts, in the kind table's order, into the snapshot. */
static void join_parts(struct snapshot *snap, struct collect_part *parts)
{
	size_t total = 0;

	for (size_t i = 0; i < kinds_count(); i++)
		total += parts[i].ctx.nobjects;
	if (total)
		snap->objects = xreallocarray(snap->objects, total, sizeof(*snap->objects));
	for (size_t i = 0; i < kinds_count(); i++) {
		struct collect_part *part = &parts[i];
		for (size_t k = 0; k < part->ctx.nobjects; k++)
			snap->objects[snap->nobjects++] = part->ctx.objects[k];
		for (size_t k = 0; k < part->warnings.len; k++)
			strvec_push(&snap->warnings, part->warnings.items[k]);
		for (size_t k = 0; k < part->notes.len; k++) {
			strvec_push(&snap->warnings, part->notes.items[k]);
			strvec_push(&snap->notes, xstrdup(part->notes.items[k]));
		}
		snap->kind_failed[i] = part->failed;
		snap->kind_partial[i] = (struct partial_namespaces){ part->ctx.partial_ns,
								      part->ctx.npartial_ns };
		free(part->ctx.objects);
		free(part->warnings.items);
		free(part->notes.items);
	}
}

static void collect_all(struct snapshot *snap)
{
	struct collect_run run = { .sel = snap->sel, .parts = collect_parts(snap) };
	pthread_t threads[MAX_COLLECTOR_THREADS - 1];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = cpus > 1 ? (size_t)cpus : 1, started = 0;

	if (want > MAX_COLLECTOR_THREADS)
		want = MAX_COLLECTOR_THREADS;
	atomic_init(&run.next, 0);
	/* Without a thread it is only slower: this one does the rest. */
	for (; started + 1 < want; started++)
		if (pthread_create(&threads[started], NULL, collector_thread, &run) != 0)
			break;
	collect_some(&run);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	join_parts(snap, run.parts);
	free(run.parts);
}

/* Once per snapshot, whichever kinds ask, and only where staleness is judged. */
static void scan_blocked_threads(struct snapshot *snap)
{
	if (!snap->sel->stale || snap->blocked)
		return;
	snap->blocked = xmalloc(sizeof(*snap->blocked));
	blocked_threads_scan(snap->blocked);
}

static int prepare_kind(struct snapshot *snap, size_t i, struct procindex_request *req)
{
	const struct kind *k = kind_at(i);
	struct prepare_ctx ctx = { .sel = snap->sel, .req = req, .warnings = &snap->warnings };

	req->fd_classes |= k->fd_classes;
	req->needs |= k->index_needs;
	if (!k->prepare)
		return 0;
	int rc = k->prepare(&ctx, k);
	/* Kept even when it failed: free_data frees what it holds. */
	snap->kind_data[i] = ctx.my_data;
	if (rc == 0 && ctx.want_blocked_threads)
		scan_blocked_threads(snap);
	return rc;
}

int snapshot_build(struct snapshot *snap, const struct selection *sel)
{
	struct procindex_request req = { 0 };

	snap->sel = sel;
	snap->kind_data = xcalloc(kinds_count(), sizeof(*snap->kind_data));
	snap->kind_failed = xcalloc(kinds_count(), sizeof(*snap->kind_failed));
	snap->kind_partial = xcalloc(kinds_count(), sizeof(*snap->kind_partial));
	for (size_t i = 0; i < kinds_count(); i++) {
		if (selection_has_kind(sel, i) && prepare_kind(snap, i, &req) < 0) {
			file_set_free(&req.files);
			return -1;
		}
	}
	file_set_seal(&req.files);
	int rc = procindex_build(&snap->index, &req);
	file_set_free(&req.files);
	if (rc < 0)
		return -1;
	if (!pid_namespace_is_initial())
		strvec_push(&snap->warnings, xstrdup(PID_NAMESPACE_WARNING));
	for (size_t i = 0; i < snap->index.warnings.len; i++)
		strvec_push(&snap->warnings, xstrdup(snap->index.warnings.items[i]));

	collect_all(snap);
	return 0;
}

bool snapshot_kind_partial(const struct snapshot *snap, const struct kind *kind, uint64_t ipcns)
{
	int i = kind_index(kind);

	if (!snap->kind_partial || i < 0)
		return false;
	for (size_t k = 0; k < snap->kind_partial[i].n; k++)
		if (snap->kind_partial[i].v[k] == ipcns)
			return true;
	return false;
}

bool snapshot_kind_failed(const struct snapshot *snap, const struct kind *kind)
{
	int i = kind_index(kind);

	return snap->kind_failed && i >= 0 && snap->kind_failed[i];
}

bool snapshot_kind_complete(const struct snapshot *snap, const struct kind *kind, uint64_t ipcns)
{
	return !snapshot_kind_failed(snap, kind) && !snapshot_kind_partial(snap, kind, ipcns);
}

/* One line however many there are: a stderr full of pids helps nobody. */
static void report_unreadable(const struct procindex *idx)
{
	if (!idx->nunreadable || msg_quiet())
		return;
	fprintf(stderr, "ipcscope: %zu process%s could not be read (", idx->nunreadable,
		idx->nunreadable == 1 ? "" : "es");
	size_t shown = 0;
	for (size_t i = 0; i < idx->nprocs && shown < 5; i++) {
		const struct proc_info *p = &idx->procs[i];
		if (!p->unreadable)
			continue;
		char *command = text_escape(p->command); /* named by its owner */
		fprintf(stderr, "%s%d %s: %s", shown++ ? ", " : "", p->pid, command ? command : "?",
			p->unreadable);
		free(command);
	}
	fprintf(stderr, "%s); their objects may be missing, see \"unreadable\" in --json\n",
		idx->nunreadable > shown ? ", ..." : "");
}

bool snapshot_is_note(const struct snapshot *snap, const char *warning)
{
	for (size_t i = 0; i < snap->notes.len; i++)
		if (strcmp(snap->notes.items[i], warning) == 0)
			return true;
	return false;
}

void snapshot_report(const struct snapshot *snap)
{
	report_unreadable(&snap->index);
	for (size_t i = 0; i < snap->warnings.len; i++)
		if (!snapshot_is_note(snap, snap->warnings.items[i]))
			msg_warning(snap->warnings.items[i]);
}

void snapshot_free(struct snapshot *snap)
{
	for (size_t i = 0; i < snap->nobjects; i++)
		ipc_object_free(snap->objects[i]);
	free(snap->objects);
	for (size_t i = 0; snap->kind_data && i < kinds_count(); i++)
		if (snap->kind_data[i] && kind_at(i)->free_data)
			kind_at(i)->free_data(snap->kind_data[i]);
	free(snap->kind_data);
	free(snap->kind_failed);
	for (size_t i = 0; snap->kind_partial && i < kinds_count(); i++)
		free(snap->kind_partial[i].v);
	free(snap->kind_partial);
	if (snap->blocked)
		blocked_threads_free(snap->blocked);
	free(snap->blocked);
	procindex_free(&snap->index);
	strvec_free(&snap->warnings);
	strvec_free(&snap->notes);
	*snap = (struct snapshot){ 0 };
}
