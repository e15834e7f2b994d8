/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "text_escape.h"
#include "util.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

/*
 * Printable by the locale, and not one of the characters that change how
 * the rest of the line is shown: the bidirectional embeddings, overrides
 * and isolates, and the marks, which glibc counts as printable.
 */
static bool shown_as_is(wchar_t wc)
{
	if (wc >= 0x80 && wc <= 0x9f)
		return false;
	if (wc == 0x061c || wc == 0x200e || wc == 0x200f || (wc >= 0x202a && wc <= 0x202e) ||
	    (wc >= 0x2066 && wc <= 0x2069))
		return false;
	return iswprint((wint_t)wc) != 0;
}

char *text_escape(const char *s)
{
	if (!s)
		return NULL;

	size_t n = strlen(s);
	/* At worst every byte becomes four. */
	char *out = xmalloc(n * 4 + 1), *o = out;
	const char *p = s, *end = s + n;
	mbstate_t st;

	memset(&st, 0, sizeof(st));
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		if (c >= 0x20 && c < 0x7f) {
			if (c == '\\' && p[1] == 'x') {
				memcpy(o, "\\x5c", 4);
				o += 4;
			} else {
				*o++ = (char)c;
			}
			p++;
			continue;
		}
		wchar_t wc;
		size_t len = c >= 0x80 ? mbrtowc(&wc, p, (size_t)(end - p), &st) : 0;
		if (len != (size_t)-1 && len != (size_t)-2 && len > 0 && shown_as_is(wc)) {
			memcpy(o, p, len);
			o += len;
			p += len;
			continue;
		}
		/* An invalid sequence leaves the state undefined: start afresh. */
		memset(&st, 0, sizeof(st));
		o += sprintf(o, "\\x%02x", c);
		p++;
	}
	*o = '\0';
	return out;
}
