/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_FORMAT_WRITERS_H
#define IPCSCOPE_FORMAT_WRITERS_H

/*
 * The documents a format writes in files of their own, for its file to
 * register in its struct formatter (the hooks and their contract are in
 * formatters.h).  Named FORMAT_print_DOCUMENT, in formatters/FORMAT_DOCUMENT.c.
 */
#include "formatters.h"

struct clean_result;
struct jsonw;

int table_print_clean(const struct clean_report *report, const struct output_options *opts,
		      FILE *out);
int table_print_summary(const struct summary *sum, FILE *out);
int table_print_manifest(const struct load *L, FILE *out);

int json_print_clean(const struct clean_report *report, const struct output_options *opts,
		     FILE *out);
/* {"action", "reason", "errno", "object"}: one result, in json's document and ndjson's lines. */
void json_write_clean_result(struct jsonw *w, const struct clean_result *r,
			     const struct output_options *opts);
int json_print_summary(const struct summary *sum, FILE *out);
int json_print_deadlocks(const struct lock_cycle *cycles, size_t n, const struct snapshot *snap,
			 FILE *out);
int json_print_manifest(const struct load *L, FILE *out);

int ndjson_print_watch_event(const char *time, const struct object_diff *d, FILE *out);

int json_print_graph(const struct graph *g, const struct snapshot *snap, FILE *out);
/* The graph in Graphviz's DOT language, which the svg format lays out. */
int dot_print_graph(const struct graph *g, const struct snapshot *snap, FILE *out);

int text_print_deadlocks(const struct lock_cycle *cycles, size_t n, const struct snapshot *snap,
			 FILE *out);
int text_print_watch_event(const char *time, const struct object_diff *d, FILE *out);

#endif
