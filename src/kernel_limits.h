/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_KERNEL_LIMITS_H
#define IPCSCOPE_KERNEL_LIMITS_H

#include "ipc_info.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct attr_def;
struct kind;
struct namespace;
struct snapshot;
struct strvec;

/* One kernel limit and how much of it is in use. */
struct limit_usage {
	const char *name;   /* "shmmni": the metric label and JSON "name" */
	const char *sysctl; /* "kernel.shmmni": where it is set */
	const char *kind;   /* the kind it limits, or NULL for the whole system */
	const char *what;   /* what `used` counts, for people */
	const char *unit;   /* "segments", "pages", "bytes"... */
	/* A most one object may have, not a pool that runs out: reaching it is
	 * no shortage, so it draws no warning. */
	bool ceiling;
	struct maybe_u64 used, limit;
	bool has_percent; /* only when both are known, and the limit is not 0 */
	double percent;
	/* The IPC namespace whose limit it is; NULL for one of the whole system. */
	const struct namespace *ipcns;
};

/* Above this share of a limit in use, a warning. */
#define LIMIT_WARN_PERCENT 80.0

/* What a limit's use and value are measured from. */
struct limit_measure {
	const struct snapshot *snap; /* its objects; its selection says which limits */
	const struct ipc_info *info; /* the kernel's own SysV counters and limits */
	/* sysctl_numbers(), or what a test puts in its place */
	int (*sysctl)(const char *name, uint64_t *values, size_t max);
	const struct kind *kind; /* whose limit is being measured; NULL for the system's own */
	/*
	 * The IPC namespace being measured, whose kernel counters `info` holds
	 * and whose sysctls `sysctl` reads: only its objects count, by their
	 * "ipcns" (an object of a kind without one counts for ours).  NULL:
	 * every object counts.
	 */
	const struct namespace *ipcns;
};

/* One kernel limit on a kind's objects, declared by the kind (struct kind's limits). */
struct kind_limit {
	const char *name, *sysctl; /* as in struct limit_usage */
	unsigned field;            /* which number of the sysctl: kernel.sem holds four */
	const char *what, *unit;
	bool ceiling;
	/* Set for the whole system, not per IPC namespace: listed after the namespace's. */
	bool system_wide;
	/* How much of it is in use. */
	struct maybe_u64 (*used)(const struct limit_measure *m);
	/* The limit from IPC_INFO, for when /proc/sys cannot be read; NULL for none. */
	struct maybe_u64 (*fallback)(const struct ipc_info *info);
};

/*
 * For the kinds' used(): how many objects of the measured kind the
 * snapshot has in the measured namespace; unknown where the kind listed
 * only some of them there (snapshot_kind_partial).
 */
struct maybe_u64 limit_count(const struct limit_measure *m);
/* The largest known value of `attr` among those objects; 0 when none has one. */
struct maybe_u64 limit_largest(const struct limit_measure *m, const struct attr_def *attr);

/*
 * The limits of the kinds the snapshot selected: those of each IPC
 * namespace in `ipcns` (n of them, in that order), each measured from a
 * thread inside it, then the whole system's.  The values come from
 * /proc/sys (or IPC_INFO), the use from the kernel's counters where it
 * keeps them and from the snapshot's objects where it does not.  A
 * namespace that cannot be entered has its limits unknown, with a warning.
 * Returns how many, in *out (malloc'd).
 */
size_t limits_measure(const struct snapshot *snap, const struct namespace *const *ipcns,
		      size_t n, struct limit_usage **out, struct strvec *warnings);
/* One namespace's limits, then the system's, from what m gives instead of the running kernel. */
size_t limits_measure_from(const struct limit_measure *m, struct limit_usage **out);

#endif
