/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * parse_digits(), the one reader of numbers in kernel text and arguments,
 * and parse_u64() and parse_pid() on it: where a number ends, its bound,
 * and what is not a number.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "util.h"

/* What parse_digits() takes of text: its value, and how many characters. */
struct taken {
	uint64_t value;
	long length; /* -1: refused */
};

static struct taken take(const char *text, unsigned base, uint64_t max)
{
	uint64_t v = 12345; /* must stay as it is when refused */
	const char *end = parse_digits(text, base, max, &v);

	if (!end) {
		assert_true(v == 12345);
		return (struct taken){ 0, -1 };
	}
	return (struct taken){ v, end - text };
}

static void expect(const char *text, unsigned base, uint64_t max, uint64_t value, long length)
{
	struct taken t = take(text, base, max);

	if (t.length != length || (length >= 0 && t.value != value))
		fail_msg("'%s' in base %u up to %llu: took %ld characters, %llu; expected %ld, %llu",
			 text, base, (unsigned long long)max, t.length, (unsigned long long)t.value,
			 length, (unsigned long long)value);
}

/* The digits, up to the first character that is not one. */
static void stops_after_the_digits(void **state)
{
	(void)state;
	expect("0", 10, UINT64_MAX, 0, 1);
	expect("42", 10, UINT64_MAX, 42, 2);
	expect("42]", 10, UINT64_MAX, 42, 2);
	expect("42 7", 10, UINT64_MAX, 42, 2);
	expect("1.5", 10, UINT64_MAX, 1, 1);
	expect("12a", 10, UINT64_MAX, 12, 2);
	expect("0007", 10, UINT64_MAX, 7, 4);
	expect("000000000000000000000000000001", 10, UINT64_MAX, 1, 30);
}

static void no_digits_is_refused(void **state)
{
	(void)state;
	const char *none[] = { "", " 1", "-1", "+1", "x1", ".5", "]" };

	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		expect(none[i], 10, UINT64_MAX, 0, -1);
}

/* A number exactly at max is taken; one more is refused, whatever follows. */
static void overflow_at_max_plus_one(void **state)
{
	(void)state;
	expect("18446744073709551615", 10, UINT64_MAX, UINT64_MAX, 20);
	expect("18446744073709551616", 10, UINT64_MAX, 0, -1);
	expect("18446744073709551620", 10, UINT64_MAX, 0, -1);
	expect("99999999999999999999", 10, UINT64_MAX, 0, -1);
	expect("184467440737095516150", 10, UINT64_MAX, 0, -1);
	expect("9223372036854775807s", 10, INT64_MAX, INT64_MAX, 19);
	expect("9223372036854775808", 10, INT64_MAX, 0, -1);
	expect("86400", 10, 86400, 86400, 5);
	expect("86401", 10, 86400, 0, -1);
	expect("0", 10, 0, 0, 1);
	expect("1", 10, 0, 0, -1);
	expect("5", 10, 4, 0, -1); /* a digit alone over max */
	expect("000086400", 10, 86400, 86400, 9);
}

/* Octal stops at 8 and 9, hex takes a-f of either case; no "0x", no "0" prefix meaning. */
static void other_bases(void **state)
{
	(void)state;
	expect("0644", 8, UINT64_MAX, 0644, 4);
	expect("78", 8, UINT64_MAX, 7, 1);
	expect("9", 8, UINT64_MAX, 0, -1);
	expect("ff:", 16, UINT64_MAX, 255, 2);
	expect("DeadBeef ", 16, UINT64_MAX, 0xdeadbeef, 8);
	expect("0x10", 16, UINT64_MAX, 0, 1);
	expect("g", 16, UINT64_MAX, 0, -1);
	expect("ffffffffffffffff", 16, UINT64_MAX, UINT64_MAX, 16);
	expect("10000000000000000", 16, UINT64_MAX, 0, -1);
	expect("7fffffffffffffff", 16, INT64_MAX, INT64_MAX, 16);
	expect("8000000000000000", 16, INT64_MAX, 0, -1);
	expect("1777777777777777777777", 8, UINT64_MAX, UINT64_MAX, 22);
	expect("2000000000000000000000", 8, UINT64_MAX, 0, -1);
}

/* The whole string and nothing else: a pid or an inode has no sign, blank or unit. */
static void whole_strings(void **state)
{
	(void)state;
	uint64_t v = 7;
	int pid = 7;

	assert_int_equal(parse_u64("18446744073709551615", &v), 0);
	assert_true(v == UINT64_MAX);
	const char *bad[] = { "", "18446744073709551616", "12x", " 1", "1 ", "-1", "+1", "0x1" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 7;
		if (parse_u64(bad[i], &v) == 0 || v != 7)
			fail_msg("parse_u64 took '%s'", bad[i]);
	}
	assert_int_equal(parse_u64(NULL, &v), -1);
	assert_int_equal(parse_u64("007", &v), 0);
	assert_true(v == 7);

	assert_int_equal(parse_pid("1", &pid), 0);
	assert_int_equal(pid, 1);
	assert_int_equal(parse_pid("1073741823", &pid), 0);
	assert_int_equal(pid, 0x3fffffff);
	assert_int_equal(parse_pid("1073741824", &pid), -1);
	assert_int_equal(parse_pid("0", &pid), -1);
	assert_int_equal(parse_pid("self", &pid), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stops_after_the_digits),
		cmocka_unit_test(no_digits_is_refused),
		cmocka_unit_test(overflow_at_max_plus_one),
		cmocka_unit_test(other_bases),
		cmocka_unit_test(whole_strings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
