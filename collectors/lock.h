/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_LOCK_H
#define IPCSCOPE_LOCK_H

/* What the lock kind answers for the rest of the program. */

#include "lock_graph.h"

#include <stddef.h>

struct snapshot;

/*
 * The deadlocks among the snapshot's file locks (see lock_graph.h), in
 * *cycles (free them with lock_cycles_free) and *n.  -1, with none, when
 * the snapshot cannot tell: it has no lock kind, or /proc/locks could not
 * be read; so no caller takes "none found" for an all-clear it never had.
 * A selection that hides some locks (--pid, --name) can hide half of a
 * cycle: ask a snapshot that keeps them all.
 */
int lock_deadlocks(const struct snapshot *snap, struct lock_cycle **cycles, size_t *n);

#endif
