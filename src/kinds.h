/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_KINDS_H
#define IPCSCOPE_KINDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct attr_def;
struct collect_ctx;
struct ipc_object;
struct kind_limit;
struct posix_files;
struct prepare_ctx;
struct procindex_request;
struct snapshot;

/*
 * A kind of IPC object, described once: its name on the command line and in
 * JSON, what it needs from the process index, how it is collected, and its
 * kind-specific values.  Everything the rest of the program needs to know
 * of a kind (which attribute holds its bytes, its kernel limits, when one is
 * stale and how it is removed) is here, so no core file names a kind:
 * adding one is a collector file exporting one of these, a row in the table
 * in kinds.c, and its documentation.
 */
struct kind {
	const char *name; /* first: the registry (registry.h) finds it by this name */
	const char *help;
	unsigned fd_classes;   /* bit (1 << FD_*) per descriptor class it reads from the index */
	unsigned index_needs;  /* INDEX_NEED_* extra work in the process index */
	/*
	 * Hands each object to collect_add(ctx, ...); -1 when the kind's source
	 * could not be read at all (with a warning saying why), which the
	 * snapshot records for snapshot_kind_failed() and goes on without.
	 */
	int (*collect)(struct collect_ctx *ctx, const struct kind *self);
	const struct attr_def *const *attrs;
	size_t nattrs;
	const char *default_columns; /* comma-separated, merged across the selected kinds */
	/* Optional: the SUMMARY column's text for one object (malloc'd), NULL for none. */
	char *(*summary)(const struct ipc_object *obj);
	/*
	 * Optional: what names the object from one snapshot to the next when
	 * its id does not (a lock's id is its position in /proc/locks, which
	 * shifts as other locks come and go); malloc'd.  Without it, the id.
	 */
	char *(*identity)(const struct ipc_object *obj);
	/*
	 * Optional: runs before the process index is built, to add to its
	 * request what only the kind's own source tells (the lock kind reads
	 * /proc/locks and asks for the locked files).  What it keeps for
	 * collect() goes in ctx->my_data, freed with free_data.
	 */
	int (*prepare)(struct prepare_ctx *ctx, const struct kind *self);
	void (*free_data)(void *data);
	/*
	 * Optional, for stale, clean and list --stale: why nothing uses the
	 * object any more (malloc'd text), or NULL while something may; and its
	 * last activity in *since where known.
	 */
	char *(*stale_reason)(const struct ipc_object *obj, bool *has_since, int64_t *since);
	/*
	 * Optional, for clean: remove a stale object after checking once more
	 * that it is the same object, still unused.  STALE_REMOVED; STALE_SKIPPED
	 * with the reason in *why; STALE_FAILED with errno set.  `fresh` is the
	 * snapshot that found it stale once more, for what the check needs of it.
	 */
	int (*remove)(const struct snapshot *fresh, const struct ipc_object *obj, char **why);
	/* Its staleness rests on no process holding it, so on seeing every process. */
	bool stale_by_holders;
	/*
	 * Optional: the attribute (one of attrs) that holds the bytes an
	 * object keeps, a segment's size or the bytes queued in a pipe, for
	 * summary to add up per kind; NULL for kinds that keep no bytes.
	 */
	const struct attr_def *bytes_attr;
	/*
	 * Optional: the kernel limits on the kind's objects, with how to
	 * measure their use (kernel_limits.h), shown by summary whenever the
	 * kind is selected.
	 */
	const struct kind_limit *limits;
	size_t nlimits;
	/*
	 * Optional: what a POSIX kind's files tell of its objects' use, for
	 * the judging and removal those kinds share (stale_posix.h).
	 */
	const struct posix_files *posix_files;
};

size_t kinds_count(void);
const struct kind *kind_at(size_t i);
/* Position in the table, or -1 for an unknown name. */
int kind_find(const char *name);
/* The kind's name closest to a misspelled one, or NULL. */
const char *kind_suggest(const char *name);
int kind_index(const struct kind *kind);
/* "pipe, fifo": for messages and --help. */
const char *kinds_names(void);

#endif
