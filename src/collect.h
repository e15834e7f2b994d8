/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_COLLECT_H
#define IPCSCOPE_COLLECT_H

/*
 * What a kind's prepare() and collect() see of the snapshot being built,
 * and no more.  Collectors run on threads beside each other (snapshot.c),
 * so what they share is read-only here, and what they write (objects,
 * warnings) is their own until the snapshot joins it.  The data a kind
 * keeps from prepare() to collect() is its own: no other kind sees it.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blocked_threads;
struct ipc_object;
struct procindex;
struct procindex_request;
struct selection;
struct strvec;

/* For prepare(), before the process index is built. */
struct prepare_ctx {
	const struct selection *sel;
	struct procindex_request *req; /* to add what the kind's own source tells */
	struct strvec *warnings;
	/* Set: what collect() will need, owned by the snapshot and freed with free_data. */
	void *my_data;
	/*
	 * Set: collect() wants the threads blocked on a SysV queue or opening
	 * a FIFO.  They are looked for only where staleness is judged, once
	 * per snapshot, whichever kinds ask.
	 */
	bool want_blocked_threads;
};

/* For collect(), on a thread of its own. */
struct collect_ctx {
	const struct procindex *idx;
	const struct selection *sel;
	/* The blocked threads a prepare() asked for, where staleness is judged; else NULL. */
	const struct blocked_threads *blocked;
	struct strvec *warnings; /* the kind's own, joined to the snapshot's in kind order */
	/* Said in JSON "warnings" but not on stderr: a fallback that lost nothing. */
	struct strvec *notes;
	const void *my_data;     /* what the kind's prepare() kept, or NULL */

	/*
	 * The IPC namespaces of which only some objects could be listed (the
	 * queues a process holds, with no mqueue mount to list them all): a
	 * count of them there is no count of the namespace's objects.
	 */
	uint64_t *partial_ns;
	size_t npartial_ns;

	/* The objects taken so far: collect_add's and the snapshot's alone. */
	struct ipc_object **objects;
	size_t nobjects, objects_cap;
};

/*
 * Hand over one object: its holders sorted, staleness judged where it is
 * asked for, and kept only if the selection matches it (freed otherwise).
 */
void collect_add(struct collect_ctx *ctx, struct ipc_object *obj);
/* Of this IPC namespace, only some of the kind's objects are listed. */
void collect_partial_namespace(struct collect_ctx *ctx, uint64_t ipcns);

#endif
