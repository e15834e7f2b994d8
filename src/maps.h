/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_MAPS_H
#define IPCSCOPE_MAPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* One line of /proc/PID/maps. */
struct maps_line {
	uint64_t start, end, offset;
	bool readable, writable, shared;
	dev_t dev;
	uint64_t inode;
	const char *path; /* points into the parsed line; "" for an anonymous mapping */
};

/*
 * Parse "start-end perms offset MAJ:MIN inode [path]" (the newline, if any,
 * must already be gone).  Returns 0, or -1 for a line that does not have
 * that shape, leaving *out unspecified.
 */
int maps_parse_line(const char *line, struct maps_line *out);

/* "/SYSV0a11ce01 (deleted)": a SysV shared memory attachment. */
bool maps_is_sysv(const struct maps_line *m);

#endif
