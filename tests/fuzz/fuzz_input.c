/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fuzz_input.h"

#include <stdlib.h>
#include <string.h>

char *fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void fuzz_stream_open(struct fuzz_stream *s, const uint8_t *data, size_t size)
{
	s->copy = fuzz_string(data, size);
	s->f = fmemopen(s->copy, size, "r");
	if (!s->f)
		abort();
}

void fuzz_stream_close(struct fuzz_stream *s)
{
	fclose(s->f);
	free(s->copy);
	*s = (struct fuzz_stream){ 0 };
}

void fuzz_each_line(const uint8_t *data, size_t size, void (*fn)(const char *line))
{
	char *text = fuzz_string(data, size);
	char *end = text + size;

	for (char *line = text; line < end;) {
		char *nl = memchr(line, '\n', (size_t)(end - line));
		if (nl)
			*nl = '\0';
		fn(line);
		if (!nl)
			break;
		line = nl + 1;
	}
	free(text);
}
