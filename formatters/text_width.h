/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_TEXT_WIDTH_H
#define IPCSCOPE_TEXT_WIDTH_H

#include <stddef.h>

/*
 * How much of a terminal's width text takes, and where to cut or break it
 * so that it takes no more: by characters of the locale, never splitting
 * one, a wide character (中) counting two columns.
 */

/* Columns on screen of printable text; -1 for a control character or bytes that are not a character. */
long text_width(const char *s, size_t n);
/* As text_width, counting each byte that is not a printable character as one column. */
size_t text_width_lenient(const char *s, size_t n);
/* Bytes of the longest start of s[0..n) at most `cols` wide. */
size_t text_start_within(const char *s, size_t n, size_t cols);
/* Where the longest end of s[0..n) at most `cols` wide begins. */
size_t text_end_within(const char *s, size_t n, size_t cols);
/*
 * One line of words at most `cols` wide from s[0..n): its length in
 * bytes, and in *next where the line after it begins (the blank between
 * them skipped).  A word wider than the line is broken where it must be.
 */
size_t text_wrap_line(const char *s, size_t n, size_t cols, size_t *next);

#endif
