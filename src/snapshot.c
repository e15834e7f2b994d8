#include "snapshot.h"
#include "ipc_object.h"
#include "kinds.h"
#include "selection.h"
#include "util.h"

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
	for (size_t i = 0; i < kinds_count(); i++) {
		if (!selection_has_kind(sel, i))
			continue;
		req.fd_classes |= kind_at(i)->fd_classes;
		req.needs |= kind_at(i)->index_needs;
	}
	if (procindex_build(&snap->index, &req) < 0)
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

void snapshot_free(struct snapshot *snap)
{
	for (size_t i = 0; i < snap->nobjects; i++)
		ipc_object_free(snap->objects[i]);
	free(snap->objects);
	procindex_free(&snap->index);
	strvec_free(&snap->warnings);
	*snap = (struct snapshot){ 0 };
}
