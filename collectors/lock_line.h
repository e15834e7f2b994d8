/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_LOCK_LINE_H
#define IPCSCOPE_LOCK_LINE_H

#include <stdbool.h>
#include <stdint.h>

enum lock_type {
	LOCK_TYPE_FLOCK,
	LOCK_TYPE_POSIX,
	LOCK_TYPE_OFD,
	LOCK_TYPE_LEASE,
	LOCK_TYPE_DELEG, /* an NFS delegation, printed as a lease */
	LOCK_TYPE_ACCESS, /* a mandatory-locking access check, held for a moment */
};

enum lock_mode {
	LOCK_MODE_READ,
	LOCK_MODE_WRITE,
	LOCK_MODE_NONE, /* a lease breaking to nothing (UNLCK) */
};

enum lease_state {
	LEASE_NONE,     /* not a lease */
	LEASE_ACTIVE,
	LEASE_BREAKING, /* being broken: its holder has been told to give it up */
	LEASE_BREAKER,  /* a request that is breaking another's lease */
};

/*
 * One line of /proc/locks, or the part after "lock:\t" of a line in
 * /proc/PID/fdinfo/N:
 *   "4: FLOCK  ADVISORY  WRITE 5881 fe:00:10960963 0 EOF"
 *   "4:  -> FLOCK  ADVISORY  WRITE 5922 fe:00:10960963 0 EOF"
 * A "->" line is a blocked request; its indentation is how deep it sits in
 * the chain of requests under the lock numbered `id`.
 */
struct lock_line {
	uint64_t id;
	unsigned depth; /* 0: a lock; 1: a request blocked by it; 2: blocked by that... */
	enum lock_type type;
	enum lease_state lease;
	enum lock_mode mode;
	bool mandatory;
	bool has_pid; /* false for -1: OFD locks and requests belong to no process */
	int pid;
	bool has_file; /* false for "<none>:0", a lock on nothing we can name */
	unsigned major, minor;
	uint64_t inode;
	uint64_t start;
	bool to_eof; /* the end is EOF: no end */
	uint64_t end;
};

/* Returns 0, or -1 when the line does not have that shape. */
int lock_line_parse(const char *line, struct lock_line *out);

/* Whether two lines describe the same lock, whatever their numbering. */
bool lock_line_same(const struct lock_line *a, const struct lock_line *b);

const char *lock_type_name(enum lock_type type);
const char *lock_mode_name(enum lock_mode mode);
const char *lease_state_name(enum lease_state state); /* NULL for LEASE_NONE */

#endif
