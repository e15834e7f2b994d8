#ifndef IPCSCOPE_KERNEL_LIMITS_H
#define IPCSCOPE_KERNEL_LIMITS_H

#include "ipc_info.h"

#include <stdbool.h>
#include <stddef.h>

struct snapshot;

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
};

/* Above this share of a limit in use, a warning. */
#define LIMIT_WARN_PERCENT 80.0

/*
 * The limits of the kinds the snapshot selected, and the system's own: the
 * values from /proc/sys (or IPC_INFO), the use from the kernel's counters
 * where it keeps them and from the snapshot's objects where it does not.
 * Returns how many, in *out (malloc'd).
 */
size_t limits_measure(const struct snapshot *snap, struct limit_usage **out);

#endif
