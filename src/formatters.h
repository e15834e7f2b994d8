#ifndef IPCSCOPE_FORMATTERS_H
#define IPCSCOPE_FORMATTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct column;
struct snapshot;

struct output_options {
	const struct column **columns; /* for tables */
	size_t ncolumns;
	bool noheadings;
	bool raw;
};

/* One output format; each lives in formatters/ and is registered in formatters.c. */
struct formatter {
	const char *name;
	const char *help;
	/* 0, or -1 after a write error (errno set). */
	int (*print)(const struct snapshot *snap, const struct output_options *opts, FILE *out);
};

const struct formatter *formatter_find(const char *name);
const char *formatters_names(void);

#endif
