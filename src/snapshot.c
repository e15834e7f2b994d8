#include "snapshot.h"
#include "ipc_object.h"
#include "kinds.h"
#include "selection.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void snapshot_add(struct snapshot *snap, struct ipc_object *obj)
{
	ipc_object_sort_holders(obj);
	if (!selection_matches(snap->sel, obj)) {
		ipc_object_free(obj);
		return;
	}
	if (snap->nobjects == snap->objects_cap) {
		snap->objects_cap = snap->objects_cap ? snap->objects_cap * 2 : 256;
		snap->objects = xreallocarray(snap->objects, snap->objects_cap, sizeof(*snap->objects));
	}
	snap->objects[snap->nobjects++] = obj;
}

static int object_cmp(const void *a, const void *b)
{
	const struct ipc_object *x = *(const struct ipc_object *const *)a;
	const struct ipc_object *y = *(const struct ipc_object *const *)b;
	int kx = kind_index(x->kind), ky = kind_index(y->kind);

	if (kx != ky)
		return kx < ky ? -1 : 1;
	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return strverscmp(x->id ? x->id : "", y->id ? y->id : "");
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

	for (size_t i = 0; i < kinds_count(); i++) {
		const struct kind *k = kind_at(i);
		if (selection_has_kind(sel, i) && k->collect(snap, k) < 0)
			return -1;
	}
	if (snap->nobjects > 1)
		qsort(snap->objects, snap->nobjects, sizeof(*snap->objects), object_cmp);
	return 0;
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
		if (p->unreadable)
			fprintf(stderr, "%s%d %s: %s", shown++ ? ", " : "", p->pid,
				p->command ? p->command : "?", p->unreadable);
	}
	fprintf(stderr, "%s); their objects may be missing, see \"unreadable\" in --json\n",
		idx->nunreadable > shown ? ", ..." : "");
}

void snapshot_report(const struct snapshot *snap)
{
	report_unreadable(&snap->index);
	for (size_t i = 0; i < snap->warnings.len; i++)
		msg_error("warning: %s", snap->warnings.items[i]);
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
	procindex_free(&snap->index);
	strvec_free(&snap->warnings);
	*snap = (struct snapshot){ 0 };
}
