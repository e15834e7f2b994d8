#ifndef IPCSCOPE_SUMMARY_FORMATS_H
#define IPCSCOPE_SUMMARY_FORMATS_H

#include <stdio.h>

struct summary;

/* One output format of ipcscope summary; each lives in formatters/. */
struct summary_format {
	const char *name;
	const char *help;
	/* 0, or -1 after a write error (errno set). */
	int (*print)(const struct summary *sum, FILE *out);
};

const struct summary_format *summary_format_find(const char *name);
/* "table, json, prometheus": for messages and --help. */
const char *summary_formats_names(void);

#endif
