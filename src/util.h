/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_UTIL_H
#define IPCSCOPE_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses are part of the command-line contract. */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,
	EXIT_USAGE = 2,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation failure is not recoverable for a listing tool: report and exit. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *ptr, size_t n, size_t size);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* Messages on stderr, prefixed with the program name. */
void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "ipcscope: warning: TEXT", TEXT escaped: warnings quote paths and names of other users. */
void msg_warning(const char *text);
/* -q/--quiet: msg_warning prints nothing; errors still print. */
void msg_set_quiet(bool quiet);
bool msg_quiet(void);

/*
 * The number written in `base` (8, 10 or 16; a-f of either case) at the
 * start of s, if it is at most max: the first character after its digits.
 * NULL when s starts with no digit or the number is over max.  No sign,
 * blank or prefix is taken; what follows is the caller's to check.
 */
const char *parse_digits(const char *s, unsigned base, uint64_t max, uint64_t *out);
/* Strict decimal parsing: the whole string must be a number in range. */
int parse_u64(const char *s, uint64_t *out);
int parse_pid(const char *s, int *out);
/* "90s", "10m", "2h", "7d", "1h30m": seconds in *out; -1 for anything else. */
int parse_duration(const char *text, int64_t *out);
/* 0-15 for a hex digit of either case, -1 for anything else. */
int hex_digit(char c);

/* "2026-11-23T12:00:05Z": ISO 8601 in UTC, the one way times are written. */
#define UTC_TIME_LEN 32
void format_utc_time(int64_t t, char buf[UTC_TIME_LEN]);

#endif
