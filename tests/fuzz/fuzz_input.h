/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_FUZZ_INPUT_H
#define IPCSCOPE_FUZZ_INPUT_H

/*
 * The fuzzer's bytes in the shapes the parsers take: a C string (as a
 * read() into a buffer gives after its NUL is put on), a stream (as fopen()
 * of the /proc file gives), or lines without their newline (as getline()
 * and the caller's trimming give).
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The bytes, NUL-terminated; an embedded NUL ends the string there. free() it. */
char *fuzz_string(const uint8_t *data, size_t size);

/* A read-only stream over a copy of the bytes (fmemopen() wants one it may write). */
struct fuzz_stream {
	FILE *f;
	char *copy;
};
void fuzz_stream_open(struct fuzz_stream *s, const uint8_t *data, size_t size);
void fuzz_stream_close(struct fuzz_stream *s);

/* Calls fn on each line, its newline removed, NUL-terminated. */
void fuzz_each_line(const uint8_t *data, size_t size, void (*fn)(const char *line));

#endif
