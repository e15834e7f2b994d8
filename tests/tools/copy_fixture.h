/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_COPY_FIXTURE_H
#define IPCSCOPE_COPY_FIXTURE_H

#include <stdio.h>

/* Copy a /proc file as it reads now into DIR/NAME; 0 or 1, with a message. */
static inline int copy_fixture(const char *from, const char *dir, const char *name)
{
	char to[4096], buf[65536];
	size_t n;

	snprintf(to, sizeof(to), "%s/%s", dir, name);
	FILE *in = fopen(from, "r"), *out = fopen(to, "w");
	if (!in || !out) {
		perror(in ? to : from);
		if (in)
			fclose(in);
		if (out)
			fclose(out);
		return 1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	return fclose(out) != 0;
}

#endif
