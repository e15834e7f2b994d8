/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_JSONW_H
#define IPCSCOPE_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * A streaming JSON writer: values go straight to the stream, no tree is
 * built.  Commas are placed by the writer; strings are escaped (every
 * control, C0, DEL and C1, as \u00XX), and bytes that are not valid UTF-8
 * (file names may hold any) become U+FFFD, so the output is always valid
 * JSON.  Where the exact bytes matter, jw_is_utf8 tells whether a string
 * came through whole, and jw_base64 writes the bytes themselves.
 */
#define JSONW_MAX_DEPTH 16

struct jsonw {
	FILE *out;
	int depth;
	bool after_key;
	bool need_comma[JSONW_MAX_DEPTH];
};

void jw_init(struct jsonw *w, FILE *out);
void jw_object_begin(struct jsonw *w);
void jw_object_end(struct jsonw *w);
void jw_array_begin(struct jsonw *w);
void jw_array_end(struct jsonw *w);
void jw_key(struct jsonw *w, const char *key);
void jw_string(struct jsonw *w, const char *s); /* NULL writes null */
/* The bytes as a base64 string: the standard alphabet, padded with '='. */
void jw_base64(struct jsonw *w, const void *data, size_t n);
void jw_u64(struct jsonw *w, uint64_t v);
void jw_i64(struct jsonw *w, int64_t v);
void jw_bool(struct jsonw *w, bool v);
/* With this many decimals, as printf's %.*f writes it; not finite, null. */
void jw_fixed(struct jsonw *w, double v, int decimals);
void jw_null(struct jsonw *w);
/* Whether s is valid UTF-8, so that jw_string writes its characters and not U+FFFD. */
bool jw_is_utf8(const char *s);

#endif
