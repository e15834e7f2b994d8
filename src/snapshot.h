#ifndef IPCSCOPE_SNAPSHOT_H
#define IPCSCOPE_SNAPSHOT_H

#include "procindex.h"
#include "strvec.h"

#include <stddef.h>

struct blocked_threads;
struct ipc_object;
struct selection;

/* Everything one run saw: the process index and the selected objects. */
struct snapshot {
	const struct selection *sel;
	struct procindex index;
	struct ipc_object **objects;
	size_t nobjects, objects_cap;
	struct strvec warnings; /* for "warnings" in JSON and stderr */
	void **kind_data;       /* per kind, what its prepare() kept for its collect() */
	/* Threads blocked on a queue or opening a FIFO, where staleness is judged; else NULL. */
	struct blocked_threads *blocked;
};

/* Builds the index once, as far as the selected kinds need it, then runs their collectors. */
int snapshot_build(struct snapshot *snap, const struct selection *sel);
/* Collectors hand over each object; one the selection rejects is freed here. */
void snapshot_add(struct snapshot *snap, struct ipc_object *obj);
/* On stderr: the processes that could not be read (one line), then each warning. */
void snapshot_report(const struct snapshot *snap);
void snapshot_free(struct snapshot *snap);

#endif
