/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Tables laid out for a terminal's width: nothing changes when all fits;
 * otherwise the widest column gives way first, a path keeps its file's
 * name, a list keeps its items whole, a sentence goes under the row when
 * it has no room beside it, and no line is wider than the terminal.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "table_fit.h"
#include "text_width.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *printed(const struct fit_column *cols, size_t ncols, const char *const *cells,
		     size_t nrows, size_t width)
{
	struct fit_table t;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	fit_table_init(&t, cols, ncols);
	for (size_t r = 0; r < nrows; r++) {
		size_t row = fit_table_add_row(&t);
		for (size_t c = 0; c < ncols; c++)
			fit_table_set(&t, row, c, cells[r * ncols + c]);
	}
	assert_int_equal(fit_table_print(&t, width, out), 0);
	fit_table_free(&t);
	fclose(out);
	return text;
}

/* Every line at most `width` columns; returns how many lines. */
static size_t expect_within(const char *text, size_t width)
{
	size_t lines = 0;

	for (const char *l = text; *l; lines++) {
		size_t n = strcspn(l, "\n");
		if (text_width_lenient(l, n) > width)
			fail_msg("a line wider than %zu:\n%.*s\nin:\n%s", width, (int)n, l, text);
		l += n + (l[n] == '\n');
	}
	return lines;
}

static void what_fits_is_as_wide_as_its_cells(void **state)
{
	(void)state;
	static const struct fit_column cols[] = {
		{ .heading = "KIND" }, { .heading = "ID", .flags = FIT_RIGHT },
		{ .heading = "NAME", .flags = FIT_CUT_MIDDLE }, { .heading = "HOLDERS", .flags = FIT_LIST },
	};
	static const char *const cells[] = { "pipe", "7", NULL, "1/a[0r],2/b[1w]",
					     "fifo", "1234", "/tmp/f", "3/c[4r]" };
	char *text = printed(cols, 4, cells, 2, 80);

	assert_string_equal(text, "KIND   ID NAME   HOLDERS\n"
				  "pipe    7 -      1/a[0r],2/b[1w]\n"
				  "fifo 1234 /tmp/f 3/c[4r]\n");
	free(text);
}

static void the_widest_column_gives_way_first(void **state)
{
	(void)state;
	static const struct fit_column cols[] = {
		{ .heading = "K" },
		{ .heading = "LONG", .flags = FIT_CUT },
		{ .heading = "SHORT", .flags = FIT_CUT },
	};
	static const char *const cells[] = { "x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbb" };
	/* 1 + 1 + LONG + 1 + 12: LONG gets 15 of its 40, SHORT stays whole. */
	char *text = printed(cols, 3, cells, 1, 30);

	expect_within(text, 30);
	assert_non_null(strstr(text, "x aaaaaaaaaaaaaa~ bbbbbbbbbbbb\n"));
	free(text);
}

static void a_path_keeps_its_file_name(void **state)
{
	(void)state;
	static const struct fit_column cols[] = {
		{ .heading = "KIND" },
		{ .heading = "NAME", .flags = FIT_CUT_MIDDLE },
		{ .heading = "SUMMARY", .flags = FIT_CUT },
	};
	static const char *const cells[] = { "fifo", "/tmp/ipcscope-load.abcdef/fifo-12",
					     "100 of 64K queued, a long summary" };
	char *text = printed(cols, 3, cells, 1, 40);
	const char *row = strchr(text, '\n') + 1;

	expect_within(text, 40);
	if (strncmp(row, "fifo /tm", 8) != 0 || !strstr(row, "~") || !strstr(row, "/fifo-12 "))
		fail_msg("the path lost its start or its file's name:\n%s", text);
	free(text);
}

static void list_items_stay_whole(void **state)
{
	(void)state;
	static const struct fit_column cols[] = {
		{ .heading = "ID", .flags = FIT_RIGHT },
		{ .heading = "HOLDERS", .flags = FIT_LIST },
	};
	static const char *const cells[] = {
		"1", "4242/cat[3r],4243/shell[1w],17/init[0r],9999999/averyveryverylongname[12rw]"
	};
	char *text = printed(cols, 2, cells, 1, 30);

	/* 27 columns for the items: an item wider than that alone, cut. */
	expect_within(text, 30);
	assert_string_equal(text, "ID HOLDERS\n"
				  " 1 4242/cat[3r],4243/shell[1w]\n"
				  "   17/init[0r]\n"
				  "   9999999/averyveryverylongn~\n");
	free(text);
}

static void a_sentence_with_no_room_goes_under_the_row(void **state)
{
	(void)state;
	static const struct fit_column cols[] = {
		{ .heading = "KIND" },
		{ .heading = "NAME" }, /* never cut: a path to be removed */
		{ .heading = "STALE", .flags = FIT_TEXT },
	};
	static const char *const cells[] = {
		"fifo", "/tmp/ipcscope-stale.abcdef/a/rather/long/path/stale.fifo",
		"no process that could be read has it open (1 could not be)",
	};
	char *text = printed(cols, 3, cells, 1, 80);

	expect_within(text, 80);
	assert_string_equal(text,
			    "KIND NAME                                                     STALE\n"
			    "fifo /tmp/ipcscope-stale.abcdef/a/rather/long/path/stale.fifo\n"
			    "    no process that could be read has it open (1 could not be)\n");
	free(text);
}

static void words_wrap_beside_the_row(void **state)
{
	(void)state;
	static const struct fit_column cols[] = {
		{ .heading = "ID", .flags = FIT_RIGHT },
		{ .heading = "DESCRIPTION", .flags = FIT_TEXT },
	};
	static const char *const cells[] = { "5", "bytes waiting in the fullest queue (the limit is a new queue's capacity)" };
	char *text = printed(cols, 2, cells, 1, 30);

	assert_int_equal(expect_within(text, 30), 4); /* 27 columns of words */
	assert_string_equal(text, "ID DESCRIPTION\n"
				  " 5 bytes waiting in the\n"
				  "   fullest queue (the limit is\n"
				  "   a new queue's capacity)\n");
	free(text);
}

static void an_identifier_gives_way_before_a_path(void **state)
{
	(void)state;
	static const struct fit_column cols[] = {
		{ .heading = "KIND" },
		{ .heading = "ID", .flags = FIT_RIGHT | FIT_CUT_MIDDLE, .least = 15 },
		{ .heading = "NAME", .flags = FIT_CUT_MIDDLE },
	};
	static const char *const cells[] = {
		"tcp", "tw:50cfb2e14a2f@4026531833", NULL,
		"fifo", "254:0:10952706", "/tmp/ipcscope-load.Gvh9Iu/fifo-0",
	};
	/* 4 + 1 + ID + 1 + 32: the path whole, the identifier cut to 15. */
	char *text = printed(cols, 3, cells, 2, 53);

	expect_within(text, 53);
	if (!strstr(text, " /tmp/ipcscope-load.Gvh9Iu/fifo-0\n") || !strstr(text, "tcp  tw:5~4026531833 -"))
		fail_msg("the path was cut before the identifier:\n%s", text);
	free(text);
}

static void no_line_is_wider_at_any_width(void **state)
{
	(void)state;
	static const struct fit_column cols[] = {
		{ .heading = "KIND" },
		{ .heading = "ID", .flags = FIT_RIGHT | FIT_CUT_MIDDLE, .least = 15 },
		{ .heading = "NAME", .flags = FIT_CUT_MIDDLE },
		{ .heading = "SUMMARY", .flags = FIT_TEXT },
		{ .heading = "PEER", .flags = FIT_LIST },
		{ .heading = "HOLDERS", .flags = FIT_LIST },
	};
	static const char *const cells[] = {
		"tcp", "tw:50cfb2e14a2f@4026531833", NULL, "127.0.0.1:42221 -> 127.0.0.1:35560 time_wait",
		NULL, NULL,
		"unix", "41441", "/tmp/ipcscope-load.Gvh9Iu/listen-0", "stream connected",
		"21128/ipcscope[5rw]", "21129/ipcscope[5rw],21130/ipcscope[6rw]",
		"pipe", "3049", NULL, "0 of 64K queued", NULL,
		"1284/memfd:sealed-91[0r],1285/bash[255r],1285/bash[12w],14762/check_options[1w]",
	};
	for (size_t width = 60; width <= 200; width += 7) {
		char *text = printed(cols, 6, cells, 3, width);
		expect_within(text, width);
		free(text);
	}
}

static void wide_characters_take_two_columns(void **state)
{
	(void)state;
	static const struct fit_column cols[] = {
		{ .heading = "NAME", .flags = FIT_CUT },
		{ .heading = "N", .flags = FIT_RIGHT },
	};
	static const char *const cells[] = { "中中中中中中中中中中", "1", "ab", "22" };

	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	char *text = printed(cols, 2, cells, 2, 80);
	assert_string_equal(text, "NAME                  N\n"
				  "中中中中中中中中中中  1\n"
				  "ab                   22\n");
	free(text);
	text = printed(cols, 2, cells, 2, 14);
	/* 11 columns for NAME: five characters and the mark, "…", in a UTF-8 locale. */
	assert_string_equal(text, "NAME         N\n"
				  "中中中中中\u2026  1\n"
				  "ab          22\n");
	free(text);
	setlocale(LC_CTYPE, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(what_fits_is_as_wide_as_its_cells),
		cmocka_unit_test(the_widest_column_gives_way_first),
		cmocka_unit_test(a_path_keeps_its_file_name),
		cmocka_unit_test(list_items_stay_whole),
		cmocka_unit_test(a_sentence_with_no_room_goes_under_the_row),
		cmocka_unit_test(words_wrap_beside_the_row),
		cmocka_unit_test(an_identifier_gives_way_before_a_path),
		cmocka_unit_test(no_line_is_wider_at_any_width),
		cmocka_unit_test(wide_characters_take_two_columns),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
