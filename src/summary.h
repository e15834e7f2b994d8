#ifndef IPCSCOPE_SUMMARY_H
#define IPCSCOPE_SUMMARY_H

#include "kernel_limits.h"
#include "strvec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kind;
struct snapshot;

/* How many objects of one kind there are, and the bytes they hold. */
struct kind_usage {
	const struct kind *kind;
	uint64_t objects;
	/* Shared memory's size, or the bytes waiting in a pipe or message
	 * queue; false for kinds that hold no bytes of their own. */
	bool has_bytes;
	uint64_t bytes;         /* of the objects whose bytes are known */
	uint64_t bytes_unknown; /* objects whose bytes could not be read */
};

struct summary {
	const struct snapshot *snap;
	struct kind_usage *kinds; /* the selected kinds, in table order */
	size_t nkinds;
	struct limit_usage *limits;
	size_t nlimits;
	struct strvec warnings; /* the snapshot's, then one per limit past LIMIT_WARN_PERCENT */
};

void summary_build(struct summary *sum, const struct snapshot *snap);
void summary_free(struct summary *sum);

#endif
