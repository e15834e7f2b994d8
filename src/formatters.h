/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_FORMATTERS_H
#define IPCSCOPE_FORMATTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct clean_report;
struct graph;
struct column;
struct load;
struct lock_cycle;
struct object_diff;
struct snapshot;
struct summary;

struct output_options {
	const struct column **columns; /* for tables */
	size_t ncolumns;
	bool noheadings;
	bool raw;
	bool json_columns; /* -o named the columns: JSON writes only their members */
	bool notruncate; /* -u: no column is cut to fit the terminal */
	int width;       /* -w N: lay the table out for N columns, terminal or not; 0 for none */
	/* Never cut nor narrowed, the others give way: the path that stale and
	 * clean show, which a person reads before removing; NULL for none. */
	const struct column *whole;
};

/* The documents the commands print; a format writes some of them. */
enum document {
	DOC_OBJECTS,   /* list, stale, locks: the objects */
	DOC_CLEAN,     /* clean: what became of each stale object */
	DOC_SUMMARY,   /* summary: the kinds and the limits */
	DOC_DEADLOCKS, /* locks --deadlocks: the cycles */
	DOC_MANIFEST,  /* load: what it made */
	DOC_WATCH,     /* watch: one event */
	DOC_GRAPH,     /* graph: processes and the objects between them */
	DOC_TEXT,      /* help: plain text, in no format */
};

/*
 * One output format: a hook per document it writes, NULL for a document it
 * does not, which the commands then do not offer.  Each format is
 * registered by its own file in formatters/ and listed in formatters.c.
 * Every hook writes to out and returns 0, or -1 after a write error
 * (errno set).
 */
struct formatter {
	const char *name; /* first: the registry (registry.h) finds it by this name */
	const char *help;
	int (*objects)(const struct snapshot *snap, const struct output_options *opts, FILE *out);
	int (*clean)(const struct clean_report *report, const struct output_options *opts, FILE *out);
	int (*summary)(const struct summary *sum, FILE *out);
	/* The snapshot is the one the cycles were found in. */
	int (*deadlocks)(const struct lock_cycle *cycles, size_t n, const struct snapshot *snap,
			 FILE *out);
	int (*manifest)(const struct load *L, FILE *out);
	/* One event on one line; `time` as format_utc_time writes it. */
	int (*watch_event)(const char *time, const struct object_diff *d, FILE *out);
	/* The snapshot is the one the graph was built from. */
	int (*graph)(const struct graph *g, const struct snapshot *snap, FILE *out);
};

size_t formatters_count(void);
const struct formatter *formatter_at(size_t i);
bool formatter_writes(const struct formatter *fmt, enum document doc);
/* The format of that name if it writes doc, else NULL. */
const struct formatter *formatter_find(const char *name, enum document doc);
/* "table, json, ndjson": the formats that write doc, for messages and --help. */
const char *formatters_names(enum document doc);

#endif
