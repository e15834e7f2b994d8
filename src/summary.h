/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SUMMARY_H
#define IPCSCOPE_SUMMARY_H

#include "kernel_limits.h"
#include "namespaces.h"
#include "strvec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kind;
struct snapshot;

/* How many objects of one kind there are (in one IPC namespace), and the bytes they hold. */
struct kind_usage {
	const struct kind *kind;
	/* The IPC namespace counted, for a kind whose objects have "ipcns"; NULL for the rest. */
	const struct namespace *ipcns;
	/* False when the kind's source could not be read, here or at all (its
	 * collector failed, or saw only some of this namespace's objects, as
	 * queues without a /dev/mqueue): objects and bytes are then unknown. */
	bool counted;
	uint64_t objects;
	/* Shared memory's size, or the bytes waiting in a pipe or message
	 * queue; false for kinds that hold no bytes of their own. */
	bool has_bytes;
	uint64_t bytes;         /* of the objects whose bytes are known */
	uint64_t bytes_unknown; /* objects whose bytes could not be read */
};

/*
 * Kinds and limits in the order they are shown: the first IPC namespace's
 * (ours, unless the selection leaves it out) together with what is not per
 * namespace, then each other namespace's.
 */
struct summary {
	const struct snapshot *snap;
	/*
	 * The IPC namespaces counted, ours first: ours, and each other one
	 * the selection wants that holds objects of the selected kinds, or
	 * that --ipcns names.  Its processes alone give no reason to show one.
	 */
	const struct namespace **ipcns;
	size_t nipcns;
	struct namespace own_untold; /* ours, when its inode could not be read */
	struct kind_usage *kinds;
	size_t nkinds;
	struct limit_usage *limits;
	size_t nlimits;
	struct strvec warnings; /* the snapshot's, then one per limit past LIMIT_WARN_PERCENT */
};

void summary_build(struct summary *sum, const struct snapshot *snap);
void summary_free(struct summary *sum);

/* Whether the kind's objects each belong to one IPC namespace (they have "ipcns"). */
bool summary_kind_per_namespace(const struct kind *kind);

#endif
