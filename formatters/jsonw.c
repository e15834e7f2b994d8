/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "jsonw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/*
 * The output is written from one thread, but once any thread has existed
 * glibc locks the stream on every call; per-character calls make that the
 * main cost, so the _unlocked forms are used throughout.
 */
#define put(c, out) putc_unlocked((c), (out))

static void put_bytes(const void *p, size_t n, FILE *out)
{
	fwrite_unlocked(p, 1, n, out);
}

void jw_init(struct jsonw *w, FILE *out)
{
	*w = (struct jsonw){ .out = out };
}

/* Before any value or key: a comma unless it is the first in its container. */
static void separate(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->need_comma[w->depth])
		put(',', w->out);
	w->need_comma[w->depth] = true;
}

static void open_container(struct jsonw *w, char c)
{
	separate(w);
	put(c, w->out);
	if (w->depth + 1 < JSONW_MAX_DEPTH)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void close_container(struct jsonw *w, char c)
{
	put(c, w->out);
	if (w->depth > 0)
		w->depth--;
}

void jw_object_begin(struct jsonw *w)
{
	open_container(w, '{');
}

void jw_object_end(struct jsonw *w)
{
	close_container(w, '}');
}

void jw_array_begin(struct jsonw *w)
{
	open_container(w, '[');
}

void jw_array_end(struct jsonw *w)
{
	close_container(w, ']');
}

/* Length of the valid UTF-8 sequence at p (1 to 4), or 0 if it is not one. */
static int utf8_length(const unsigned char *p)
{
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		/* No overlong forms (E0 80..9F) and no surrogates (ED A0..BF). */
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] > 0x9f))
			return 0;
		return 3;
	}
	if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		if ((p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 || (p[3] & 0xc0) != 0x80 ||
		    (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] > 0x8f))
			return 0;
		return 4;
	}
	return 0;
}

/* Printable ASCII but the two that JSON escapes; DEL is a control too. */
static bool plain_ascii(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

static void put_u00(FILE *out, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char esc[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };

	put_bytes(esc, sizeof(esc), out);
}

static void write_escaped(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	put('"', out);
	while (*p) {
		const unsigned char *run = p;
		while (plain_ascii(*p))
			p++;
		if (p > run)
			put_bytes(run, (size_t)(p - run), out);
		if (!*p)
			break;
		int n = utf8_length(p);
		if (n == 0) {
			put_bytes("\\ufffd", 6, out);
			p++;
		} else if (*p == '"' || *p == '\\') {
			put('\\', out);
			put(*p++, out);
		} else if (*p < 0x20 || *p == 0x7f) {
			put_u00(out, *p++);
		} else if (n == 2 && p[0] == 0xc2 && p[1] < 0xa0) {
			/* C1 controls, written as escapes so that a JSON document shown on a
			 * terminal carries no CSI (U+009B) or other control. */
			put_u00(out, p[1]);
			p += 2;
		} else {
			put_bytes(p, (size_t)n, out);
			p += n;
		}
	}
	put('"', out);
}

bool jw_is_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = utf8_length(p);
		if (n == 0)
			return false;
		p += n;
	}
	return true;
}

static void write_base64(FILE *out, const unsigned char *p, size_t n)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	put('"', out);
	for (; n >= 3; p += 3, n -= 3) {
		uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
		char quad[4] = { alphabet[v >> 18], alphabet[(v >> 12) & 63],
				 alphabet[(v >> 6) & 63], alphabet[v & 63] };
		put_bytes(quad, 4, out);
	}
	if (n) {
		uint32_t v = (uint32_t)p[0] << 16 | (n == 2 ? (uint32_t)p[1] << 8 : 0);
		char quad[4] = { alphabet[v >> 18], alphabet[(v >> 12) & 63],
				 n == 2 ? alphabet[(v >> 6) & 63] : '=', '=' };
		put_bytes(quad, 4, out);
	}
	put('"', out);
}

static void write_u64(FILE *out, uint64_t v)
{
	char buf[20];
	size_t i = sizeof(buf);

	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	put_bytes(buf + i, sizeof(buf) - i, out);
}

void jw_key(struct jsonw *w, const char *key)
{
	separate(w);
	write_escaped(w->out, key);
	put(':', w->out);
	w->after_key = true;
}

void jw_string(struct jsonw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	separate(w);
	write_escaped(w->out, s);
}

void jw_base64(struct jsonw *w, const void *data, size_t n)
{
	separate(w);
	write_base64(w->out, data, n);
}

void jw_u64(struct jsonw *w, uint64_t v)
{
	separate(w);
	write_u64(w->out, v);
}

void jw_i64(struct jsonw *w, int64_t v)
{
	separate(w);
	if (v < 0) {
		put('-', w->out);
		/* Negate in unsigned arithmetic: -INT64_MIN does not fit an int64_t. */
		write_u64(w->out, (uint64_t)0 - (uint64_t)v);
	} else {
		write_u64(w->out, (uint64_t)v);
	}
}

void jw_bool(struct jsonw *w, bool v)
{
	separate(w);
	put_bytes(v ? "true" : "false", v ? 4 : 5, w->out);
}

void jw_fixed(struct jsonw *w, double v, int decimals)
{
	char buf[400]; /* DBL_MAX has 309 digits */

	/* Not the locale's decimal comma: LC_NUMERIC stays "C" (main sets LC_CTYPE only). */
	int n = isfinite(v) ? snprintf(buf, sizeof(buf), "%.*f", decimals, v) : -1;
	if (n <= 0 || (size_t)n >= sizeof(buf)) {
		jw_null(w);
		return;
	}
	separate(w);
	put_bytes(buf, (size_t)n, w->out);
}

void jw_null(struct jsonw *w)
{
	separate(w);
	put_bytes("null", 4, w->out);
}
