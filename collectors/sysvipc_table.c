/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "sysvipc_table.h"
#include "util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_COLUMNS 32

struct heading {
	char *names[MAX_COLUMNS];
	size_t n;
};

static size_t split_fields(char *line, char **fields, size_t max)
{
	size_t n = 0;

	for (char *save = NULL, *tok = strtok_r(line, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save)) {
		if (n == max)
			return max + 1; /* more than any heading we accept */
		fields[n++] = tok;
	}
	return n;
}

static int parse_number(const char *s, bool octal, bool may_be_negative, int64_t *out)
{
	bool negative = *s == '-';
	uint64_t v;

	if (negative) {
		if (!may_be_negative)
			return -1;
		s++;
	}
	const char *end = parse_digits(s, octal ? 8 : 10, INT64_MAX, &v);
	if (!end || *end)
		return -1;
	*out = negative ? -(int64_t)v : (int64_t)v;
	return 0;
}

static int find_column(const struct heading *h, const char *want, size_t len)
{
	for (size_t i = 0; i < h->n; i++)
		if (strlen(h->names[i]) == len && strncmp(h->names[i], want, len) == 0)
			return (int)i;
	return -1;
}

int sysvipc_table_read(FILE *f, const char *const *wanted, size_t nwanted, sysvipc_row_fn fn,
		       void *ctx, struct sysvipc_result *res)
{
	char *line = NULL, *fields[MAX_COLUMNS + 1];
	size_t cap = 0;
	struct heading h;
	int where[MAX_COLUMNS];
	int64_t values[MAX_COLUMNS];
	int rc = -1;

	*res = (struct sysvipc_result){ 0 };
	if (nwanted > MAX_COLUMNS || getline(&line, &cap, f) < 0)
		goto out;
	h.n = split_fields(line, h.names, MAX_COLUMNS);
	if (h.n == 0 || h.n > MAX_COLUMNS)
		goto out;
	for (size_t i = 0; i < nwanted; i++) {
		size_t len = strlen(wanted[i]);
		bool optional = len && wanted[i][len - 1] == '?';
		where[i] = find_column(&h, wanted[i], optional ? len - 1 : len);
		if (where[i] < 0 && !optional)
			goto out;
	}
	/* The heading's names live in `line`, which the rows reuse: keep the positions only. */
	bool octal[MAX_COLUMNS] = { false }, signed_col[MAX_COLUMNS] = { false };
	size_t ncols = h.n;
	for (size_t i = 0; i < ncols; i++) {
		octal[i] = strcmp(h.names[i], "perms") == 0;
		signed_col[i] = strcmp(h.names[i], "key") == 0;
	}

	while (getline(&line, &cap, f) >= 0) {
		int64_t row[MAX_COLUMNS];
		size_t n = split_fields(line, fields, MAX_COLUMNS);
		bool ok = n == ncols;

		if (n == 0)
			continue; /* a blank line is not an object */
		for (size_t i = 0; ok && i < ncols; i++)
			ok = parse_number(fields[i], octal[i], signed_col[i], &row[i]) == 0;
		if (!ok) {
			res->malformed++;
			continue;
		}
		for (size_t i = 0; i < nwanted; i++)
			values[i] = where[i] >= 0 ? row[where[i]] : INT64_MIN;
		fn(values, ctx);
		res->rows++;
	}
	rc = 0;
out:
	free(line);
	return rc;
}
