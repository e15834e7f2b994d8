/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_BLOCKED_THREADS_H
#define IPCSCOPE_BLOCKED_THREADS_H

/*
 * Threads blocked in a system call that leaves no other trace of what they
 * use: msgrcv() or msgsnd() on a SysV queue (the kernel records a pid only
 * once a call completes), and open() of a FIFO waiting for its other end
 * (no descriptor exists until it returns).  Both are found in one pass over
 * /proc/PID/task/TID/syscall, which names the call a thread sleeps in and
 * its arguments.
 */

#include "procindex.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum fifo_opener_state {
	OPENER_FOUND,   /* blocked opening the FIFO (dev, ino) */
	OPENER_UNKNOWN, /* blocked opening a FIFO that cannot be told: see why */
	OPENER_UNREAD,  /* a process whose system calls could not be read: see why */
};

struct fifo_opener {
	enum fifo_opener_state state;
	struct proc_info proc; /* its process, for a holder to point at */
	int tid;
	unsigned access; /* ACCESS_READ: a reader waiting for a writer; ACCESS_WRITE: the reverse */
	uint64_t dev, ino;
	char *why;
};

/* A thread blocked on a SysV queue: its id, and the IPC namespace it is an id in. */
struct queue_waiter {
	uint64_t ipcns; /* the thread's; 0 when it could not be read */
	int msqid;
};

struct blocked_threads {
	struct queue_waiter *msqids; /* one per thread blocked on a queue */
	size_t nmsqids, msqids_cap;
	bool msg_incomplete; /* some thread's file could not be opened */
	struct fifo_opener *openers;
	size_t nopeners, openers_cap;
};

/* One pass over every thread on the machine but kernel threads. */
void blocked_threads_scan(struct blocked_threads *bt);
void blocked_threads_free(struct blocked_threads *bt);

/*
 * Threads blocked on msqid of IPC namespace ipcns (0: ours, when its inode
 * is unknown: then any namespace's); -1 when unknown (a thread could not be
 * read, or one blocked on that id is of a namespace that could not be told).
 */
long blocked_threads_on_queue(const struct blocked_threads *bt, uint64_t ipcns, int msqid);

/*
 * A thread that may be blocked opening any FIFO at all, since what it opens
 * cannot be told: one blocked in open() whose path could not be read or
 * found, or a process whose system calls could not be read although its
 * descriptors were (a process the index could not read at all is left to
 * the rules for unreadable processes).  NULL when there is none.
 */
const struct fifo_opener *blocked_threads_fifo_doubt(const struct blocked_threads *bt,
						     const struct procindex *idx);
/* Why the opener keeps a FIFO: "a process (PID/COMMAND) is blocked opening it", ... */
char *fifo_opener_describe(const struct fifo_opener *o);

/*
 * A fresh scan, for the moment before a FIFO is removed: whether a thread is
 * blocked opening the FIFO (dev, ino), or may be; *why says which.
 */
bool fifo_has_blocked_opener(const struct procindex *idx, uint64_t dev, uint64_t ino, char **why);

#endif
