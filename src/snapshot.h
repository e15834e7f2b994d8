/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SNAPSHOT_H
#define IPCSCOPE_SNAPSHOT_H

#include "procindex.h"
#include "strvec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blocked_threads;
struct ipc_object;
struct kind;
struct selection;

struct partial_namespaces {
	uint64_t *v;
	size_t n;
};

/* Everything one run saw: the process index and the selected objects. */
struct snapshot {
	const struct selection *sel;
	struct procindex index;
	struct ipc_object **objects;
	size_t nobjects;
	struct strvec warnings; /* for "warnings" in JSON and stderr */
	struct strvec notes;    /* copies of the warnings that stderr is not told */
	/* Per kind, what its prepare() kept for its collect(): that kind's code alone reads it. */
	void **kind_data;
	bool *kind_failed; /* per kind, its collect() could not read its source */
	struct partial_namespaces *kind_partial; /* per kind, collect_partial_namespace()'s */
	/* Threads blocked on a queue or opening a FIFO, where staleness is judged; else NULL. */
	struct blocked_threads *blocked;
};

/*
 * Builds the index once, as far as the selected kinds need it, then runs
 * their collectors.  One that cannot read its kind's source fails alone:
 * the snapshot notes it (snapshot_kind_failed) and keeps the rest.
 */
int snapshot_build(struct snapshot *snap, const struct selection *sel);
/*
 * Whether the kind was selected and its collector could not read its
 * source: its objects, or some of them, are missing.
 */
bool snapshot_kind_failed(const struct snapshot *snap, const struct kind *kind);
/* Whether the kind listed only some of its objects of this IPC namespace. */
bool snapshot_kind_partial(const struct snapshot *snap, const struct kind *kind, uint64_t ipcns);
/* Whether the kind listed all its objects of this IPC namespace: neither of the two above.
 * Only what is counted from a complete kind is a number; the rest is unknown. */
bool snapshot_kind_complete(const struct snapshot *snap, const struct kind *kind, uint64_t ipcns);
/*
 * On stderr: the processes that could not be read (one line), then each
 * warning but the notes; nothing under -q (msg_quiet()).
 */
void snapshot_report(const struct snapshot *snap);
/* Whether a warning is a note: in JSON only. */
bool snapshot_is_note(const struct snapshot *snap, const char *warning);
void snapshot_free(struct snapshot *snap);

#endif
