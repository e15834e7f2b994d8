/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "text_width.h"

#include <stdbool.h>
#include <wchar.h>

/* The character at s[i]: its bytes, and in *cols its width; 0 where it is no printable character. */
static size_t char_at(const char *s, size_t n, size_t i, size_t *cols)
{
	unsigned char c = (unsigned char)s[i];

	if (c >= 0x20 && c < 0x7f) {
		*cols = 1;
		return 1;
	}
	if (c < 0x80)
		return 0;
	mbstate_t st = { 0 };
	wchar_t wc;
	size_t used = mbrtowc(&wc, s + i, n - i, &st);
	if (used == 0 || used == (size_t)-1 || used == (size_t)-2)
		return 0;
	int w = wcwidth(wc);
	if (w < 0)
		return 0;
	*cols = (size_t)w;
	return used;
}

/* Like char_at, a byte that is no printable character taken as one column of its own. */
static size_t step(const char *s, size_t n, size_t i, size_t *cols)
{
	size_t used = char_at(s, n, i, cols);

	if (!used) {
		*cols = 1;
		used = 1;
	}
	return used;
}

long text_width(const char *s, size_t n)
{
	long width = 0;

	for (size_t i = 0, cols, used; i < n; i += used) {
		if (!(used = char_at(s, n, i, &cols)))
			return -1;
		width += (long)cols;
	}
	return width;
}

size_t text_width_lenient(const char *s, size_t n)
{
	size_t width = 0;

	for (size_t i = 0, cols; i < n; width += cols)
		i += step(s, n, i, &cols);
	return width;
}

size_t text_start_within(const char *s, size_t n, size_t cols)
{
	size_t i = 0, width = 0;

	while (i < n) {
		size_t w, used = step(s, n, i, &w);
		if (width + w > cols)
			break;
		width += w;
		i += used;
	}
	return i;
}

size_t text_end_within(const char *s, size_t n, size_t cols)
{
	size_t left = text_width_lenient(s, n), i = 0;

	while (i < n && left > cols) {
		size_t w;
		i += step(s, n, i, &w);
		left -= w;
	}
	return i;
}

size_t text_wrap_line(const char *s, size_t n, size_t cols, size_t *next)
{
	size_t i = 0, width = 0, blank = 0;
	bool has_blank = false;

	while (i < n) {
		size_t w, used = step(s, n, i, &w);
		if (width + w > cols)
			break;
		if (s[i] == ' ') {
			blank = i;
			has_blank = true;
		}
		width += w;
		i += used;
	}
	if (i == n) {
		*next = n;
		return n;
	}
	/* The line ends at a blank just past it: the whole of its last word fits. */
	if (s[i] == ' ') {
		*next = i + 1;
		return i;
	}
	if (has_blank && blank > 0) {
		*next = blank + 1;
		return blank;
	}
	if (i == 0) /* not even one character fits: one goes on the line regardless */
		i = step(s, n, 0, &width);
	*next = i;
	return i;
}
