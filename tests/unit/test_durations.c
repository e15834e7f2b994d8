/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --older-than: a number with a unit, several in a row; nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util.h"

#include <stdio.h>

/* The seconds text stands for, or -1 when parse_duration() refuses it. */
static int64_t seconds(const char *text)
{
	int64_t s = -2;

	if (parse_duration(text, &s) < 0)
		return -1;
	assert_true(s >= 0);
	return s;
}

static void each_unit(void **state)
{
	(void)state;
	assert_true(seconds("30s") == 30);
	assert_true(seconds("10m") == 600);
	assert_true(seconds("2h") == 7200);
	assert_true(seconds("7d") == 7 * 86400);
	assert_true(seconds("0s") == 0);
	assert_true(seconds("007s") == 7);
}

/* Parts add up, in any order, the same unit again too. */
static void parts_add_up(void **state)
{
	(void)state;
	assert_true(seconds("1h30m") == 5400);
	assert_true(seconds("7d12h") == 7 * 86400 + 12 * 3600);
	assert_true(seconds("1d2h3m4s") == 86400 + 2 * 3600 + 3 * 60 + 4);
	assert_true(seconds("30m1h") == 5400);
	assert_true(seconds("1s1s") == 2);
}

static void everything_else_is_refused(void **state)
{
	(void)state;
	const char *bad[] = { "",    "10",   "5x",   "s",     "-5s",  "+5s",  " 30s", "30s ",
			      "30 s", "1h30", "1.5h", "1H",    "30S",  "1h-30m", "0x10s", "1e3s",
			      "h1",  "1hh",  "1h ", "\t1h",  "1w",   "１s" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (seconds(bad[i]) != -1)
			fail_msg("'%s' was taken as a duration", bad[i]);
}

/* Up to INT64_MAX seconds in all; one more, in a number or in the sum, is refused. */
static void overflow_is_refused(void **state)
{
	(void)state;
	char text[64];

	assert_true(seconds("9223372036854775807s") == INT64_MAX);
	assert_true(seconds("9223372036854775800s7s") == INT64_MAX);
	assert_true(seconds("9223372036854775808s") == -1);
	assert_true(seconds("9223372036854775800s8s") == -1);
	assert_true(seconds("99999999999999999999s") == -1);
	/* The unit's multiple: the most whole days, then one more. */
	snprintf(text, sizeof(text), "%lldd", (long long)(INT64_MAX / 86400));
	assert_true(seconds(text) == INT64_MAX / 86400 * 86400);
	snprintf(text, sizeof(text), "%lldd", (long long)(INT64_MAX / 86400 + 1));
	assert_true(seconds(text) == -1);
	snprintf(text, sizeof(text), "%lldh", (long long)(INT64_MAX / 3600 + 1));
	assert_true(seconds(text) == -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_unit),
		cmocka_unit_test(parts_add_up),
		cmocka_unit_test(everything_else_is_refused),
		cmocka_unit_test(overflow_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
