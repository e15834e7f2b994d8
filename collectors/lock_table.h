/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_LOCK_TABLE_H
#define IPCSCOPE_LOCK_TABLE_H

#include "lock_line.h"

#include <stddef.h>
#include <stdio.h>

/* A line of /proc/locks and where it sits among the others. */
struct lock_entry {
	struct lock_line line;
	size_t top;     /* the held lock this request waits under; itself for a lock */
	size_t blocker; /* the line it waits on directly; itself for a lock */
	unsigned seq;   /* 1, 2, ... among the requests under its top; 0 for a lock */
};

struct lock_table {
	struct lock_entry *v;
	size_t n, cap;
	size_t malformed; /* lines left out: unparsable, or a request under nothing */
	int read_error;   /* errno when /proc/locks could not be read, else 0 */
};

/* Read /proc/locks text: every lock, each followed by the requests it blocks. */
void lock_table_read(FILE *f, struct lock_table *t);
void lock_table_free(struct lock_table *t);

/* The locks a /proc/PID/fdinfo/N file lists ("lock:\t..." lines); malloc'd, *n of them. */
struct lock_line *fdinfo_locks(FILE *f, size_t *n, size_t *malformed);

#endif
