#include "snapshot.h"
#include "blocked_threads.h"
#include "ipc_object.h"
#include "kinds.h"
#include "pid_namespace.h"
#include "selection.h"
#include "stale.h"
#include "text_escape.h"
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void append_object(struct snapshot *snap, struct ipc_object *obj)
{
	if (snap->nobjects == snap->objects_cap) {
		snap->objects_cap = snap->objects_cap ? snap->objects_cap * 2 : 256;
		snap->objects = xreallocarray(snap->objects, snap->objects_cap, sizeof(*snap->objects));
	}
	snap->objects[snap->nobjects++] = obj;
}

void snapshot_add(struct snapshot *snap, struct ipc_object *obj)
{
	ipc_object_sort_holders(obj);
	if (snap->sel->stale)
		stale_judge(snap->sel, obj);
	if (!selection_matches(snap->sel, obj)) {
		ipc_object_free(obj);
		return;
	}
	append_object(snap, obj);
}

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
 * cores, each collector into a part of its own: a copy of the snapshot
 * that shares the index, the selection and kind_data (each kind touches
 * only its own slot) but has its own objects and warnings.  The parts are
 * sorted on their thread and joined in the kind table's order, so the
 * output is the same whatever the threads did.
 */
struct collect_run {
	struct snapshot *snap;
	struct snapshot *parts; /* one per kind */
	atomic_size_t next;
	atomic_int failed;
};

static void collect_some(struct collect_run *run)
{
	size_t i;

	while ((i = atomic_fetch_add(&run->next, 1)) < kinds_count()) {
		const struct kind *k = kind_at(i);
		if (!selection_has_kind(run->snap->sel, i))
			continue;
		struct snapshot *part = &run->parts[i];
		if (k->collect(part, k) < 0)
			atomic_store(&run->failed, 1);
		if (part->nobjects > 1)
			qsort(part->objects, part->nobjects, sizeof(*part->objects), object_cmp);
	}
}

static void *collector_thread(void *arg)
{
	collect_some(arg);
	return NULL;
}

#define MAX_COLLECTOR_THREADS 8

static int collect_all(struct snapshot *snap)
{
	struct collect_run run = { .snap = snap };
	pthread_t threads[MAX_COLLECTOR_THREADS - 1];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = cpus > 1 ? (size_t)cpus : 1, started = 0;

	if (want > MAX_COLLECTOR_THREADS)
		want = MAX_COLLECTOR_THREADS;
	run.parts = xcalloc(kinds_count(), sizeof(*run.parts));
	for (size_t i = 0; i < kinds_count(); i++)
		run.parts[i] = (struct snapshot){ .sel = snap->sel, .index = snap->index,
						  .kind_data = snap->kind_data,
						  .blocked = snap->blocked };
	atomic_init(&run.next, 0);
	atomic_init(&run.failed, 0);
	/* Without a thread it is only slower: this one does the rest. */
	for (; started + 1 < want; started++)
		if (pthread_create(&threads[started], NULL, collector_thread, &run) != 0)
			break;
	collect_some(&run);
	for (size_t t = 0; t < started; t++)
		pthread_join(threads[t], NULL);

	for (size_t i = 0; i < kinds_count(); i++) {
		struct snapshot *part = &run.parts[i];
		for (size_t k = 0; k < part->nobjects; k++)
			append_object(snap, part->objects[k]);
		for (size_t k = 0; k < part->warnings.len; k++)
			strvec_push(&snap->warnings, part->warnings.items[k]);
		free(part->objects);
		free(part->warnings.items);
	}
	free(run.parts);
	return atomic_load(&run.failed) ? -1 : 0;
}

int snapshot_build(struct snapshot *snap, const struct selection *sel)
{
	struct procindex_request req = { 0 };

	snap->sel = sel;
	snap->kind_data = xcalloc(kinds_count(), sizeof(*snap->kind_data));
	for (size_t i = 0; i < kinds_count(); i++) {
		const struct kind *k = kind_at(i);
		if (!selection_has_kind(sel, i))
			continue;
		req.fd_classes |= k->fd_classes;
		req.needs |= k->index_needs;
		if (k->prepare && k->prepare(snap, k, &req) < 0) {
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

	return collect_all(snap);
}

/* One line however many there are: a stderr full of pids helps nobody. */
static void report_unreadable(const struct procindex *idx)
{
	if (!idx->nunreadable)
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

void snapshot_report(const struct snapshot *snap)
{
	report_unreadable(&snap->index);
	for (size_t i = 0; i < snap->warnings.len; i++)
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
	if (snap->blocked)
		blocked_threads_free(snap->blocked);
	free(snap->blocked);
	procindex_free(&snap->index);
	strvec_free(&snap->warnings);
	*snap = (struct snapshot){ 0 };
}
