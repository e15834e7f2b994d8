/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_LOCK_GRAPH_H
#define IPCSCOPE_LOCK_GRAPH_H

#include <stddef.h>

struct ipc_object;
struct proc_info;

/* One step of a cycle: `proc` waits, through `request`, for `lock`, which the next step's process holds. */
struct lock_wait {
	const struct proc_info *proc;
	const struct ipc_object *request;
	const struct ipc_object *lock;
};

struct lock_cycle {
	struct lock_wait *steps;
	size_t n;
};

/*
 * The cycles of the wait-for graph among objs, the lock kind's objects
 * alone: a process waits for every process that holds the lock its request
 * is blocked by, unless that lock is the request's own (its process's
 * POSIX lock for a POSIX request, its open file description's otherwise),
 * which the kernel never waits for.  Each cycle is reported once, starting
 * at its lowest pid.  The kernel refuses a POSIX request that would close
 * such a cycle (EDEADLK), but not a flock or OFD one, so these are real
 * deadlocks: nothing will ever release them.
 */
size_t lock_find_cycles(struct ipc_object *const *objs, size_t n, struct lock_cycle **out);
void lock_cycles_free(struct lock_cycle *cycles, size_t n);
/* The type of the lock a step waits for ("flock", "posix", ...), "?" when unknown. */
const char *lock_wait_type(const struct lock_wait *w);
/* The mode the step's request asks for ("read", "write"), "?" when unknown. */
const char *lock_wait_mode(const struct lock_wait *w);

#endif
