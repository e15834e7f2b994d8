/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The numbers of a /proc/sys file: kernel.sem's four, file-nr's three, one alone, or a refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sysctl.h"

static void several_numbers(void **state)
{
	(void)state;
	uint64_t v[4] = { 0 };

	assert_int_equal(sysctl_parse_numbers("32000\t1024000000\t500\t32000\n", v, 4), 4);
	assert_int_equal(v[0], 32000);
	assert_int_equal(v[1], 1024000000);
	assert_int_equal(v[2], 500);
	assert_int_equal(v[3], 32000);
	/* More than asked for: counted, not stored. */
	assert_int_equal(sysctl_parse_numbers("343\t0\t2466177\n", v, 2), 3);
	assert_int_equal(v[0], 343);
	assert_int_equal(v[1], 0);
}

static void largest_values_keep_every_digit(void **state)
{
	(void)state;
	uint64_t v = 0;

	assert_int_equal(sysctl_parse_numbers("18446744073692774399\n", &v, 1), 1);
	assert_true(v == 18446744073692774399ULL);
	assert_int_equal(sysctl_parse_numbers("18446744073709551616\n", &v, 1), -1);
}

static void anything_else_is_refused(void **state)
{
	(void)state;
	uint64_t v[2];

	assert_int_equal(sysctl_parse_numbers("", v, 2), 0);
	assert_int_equal(sysctl_parse_numbers("abc\n", v, 2), -1);
	assert_int_equal(sysctl_parse_numbers("1 -2\n", v, 2), -1);
	assert_int_equal(sysctl_parse_numbers("12x\n", v, 2), -1);
	assert_int_equal(sysctl_parse_numbers("1.5\n", v, 2), -1);
}

static void reads_proc_sys(void **state)
{
	(void)state;
	uint64_t v[3];

	/* Every Linux has it: allocated, unused, maximum. */
	assert_int_equal(sysctl_numbers("fs.file-nr", v, 3), 3);
	assert_true(v[0] > 0 && v[2] > 0);
	assert_int_equal(sysctl_numbers("fs.no-such-setting", v, 3), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(several_numbers),
		cmocka_unit_test(largest_values_keep_every_digit),
		cmocka_unit_test(anything_else_is_refused),
		cmocka_unit_test(reads_proc_sys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
