/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SNAPSHOT_DIFF_H
#define IPCSCOPE_SNAPSHOT_DIFF_H

#include <stddef.h>

struct ipc_holder;
struct ipc_object;
struct snapshot;

/*
 * What changed from one snapshot to the next.  An object is the same object
 * in both when its kind and identity are (the id, or what the kind's
 * identity hook gives).  Each snapshot is sorted once by that key and the
 * two are joined in one pass, so a comparison costs a sort of each side
 * rather than a search of one side for every object of the other.
 */

struct keyed_object {
	int kind;        /* position in the kind table */
	const char *key; /* the identity: the object's id, or `owned` */
	char *owned;
	const struct ipc_object *obj;
};

/* A snapshot's objects in (kind, identity) order; it borrows them. */
struct snapshot_keys {
	struct keyed_object *items;
	size_t n;
};

void snapshot_keys_build(struct snapshot_keys *keys, const struct snapshot *snap);
void snapshot_keys_free(struct snapshot_keys *keys);

enum diff_event {
	DIFF_CREATED,
	DIFF_REMOVED,
	DIFF_CHANGED,
};

/* "created", "removed", "changed": the event's name in every output. */
const char *diff_event_name(enum diff_event event);

struct object_diff {
	enum diff_event event;
	const struct ipc_object *old; /* NULL when created */
	const struct ipc_object *now; /* NULL when removed */
	/* Changed: the JSON keys of the members that differ, in the object's own
	 * order; "holders" among them when a holder came or went. */
	const char **keys;
	size_t nkeys;
	/* Holders in `now` and not in `old` (joined), and the other way (left). */
	struct ipc_holder *joined, *left;
	size_t njoined, nleft;
};

/*
 * Calls `report` for every object created, removed or changed from `old` to
 * `now`, in (kind, identity) order, and stops at the first nonzero return,
 * which it returns.
 */
int snapshot_diff(const struct snapshot_keys *old, const struct snapshot_keys *now,
		  int (*report)(const struct object_diff *d, void *ctx), void *ctx);

#endif
