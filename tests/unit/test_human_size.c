/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * human_size(): byte counts as tables write them, at the edges of each
 * unit and of the rounding; size_cell() with and without --bytes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "human_size.h"

#include <stdlib.h>
#include <string.h>

static void expect(uint64_t bytes, const char *want)
{
	char got[HUMAN_SIZE_LEN];

	human_size(bytes, got);
	if (strcmp(got, want) != 0)
		fail_msg("%llu bytes: \"%s\", expected \"%s\"", (unsigned long long)bytes, got, want);
}

static void below_a_kibibyte_is_the_number(void **state)
{
	(void)state;
	expect(0, "0");
	expect(1, "1");
	expect(512, "512");
	expect(1023, "1023");
}

static void exact_multiples_have_no_decimal(void **state)
{
	(void)state;
	expect(1024, "1K");
	expect(4 * 1024, "4K");
	expect(64 * 1024, "64K");
	expect(1024 * 1024, "1M");
	expect(2ULL << 30, "2G");
	expect(3ULL << 40, "3T");
	expect(5ULL << 50, "5P");
	expect(1ULL << 60, "1E");
}

static void one_decimal_rounded_half_up(void **state)
{
	(void)state;
	expect(1536, "1.5K");
	expect(1024 + 51, "1K");      /* 1.0498K */
	expect(1024 + 52, "1.1K");    /* 1.0508K */
	expect(1024 * 1024 * 3 / 2, "1.5M");
	expect(1025, "1K");
	expect(10 * 1024 - 1, "10K");  /* 9.999K rounds to 10.0K */
	expect(10 * 1024 * 1024 - 1, "10M");
	expect(10 * 1024 * 1024 + 1, "10M");
	expect(100 * 1024 + 1024 / 2, "100.5K");
}

static void rounding_to_1024_takes_the_next_unit(void **state)
{
	(void)state;
	expect(1024 * 1024 - 1, "1M");            /* 1023.999K */
	expect(1024 * 1024 - 52, "1023.9K");      /* 1023.949K */
	expect((1ULL << 30) - 1, "1G");
	expect(UINT64_MAX, "16E");                /* E is the last unit */
}

static void size_cell_honours_bytes(void **state)
{
	(void)state;
	char *human = size_cell(65536);
	assert_string_equal(human, "64K");
	free(human);
	human_size_set_exact(true);
	char *exact = size_cell(65536);
	assert_string_equal(exact, "65536");
	free(exact);
	human_size_set_exact(false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(below_a_kibibyte_is_the_number),
		cmocka_unit_test(exact_multiples_have_no_decimal),
		cmocka_unit_test(one_decimal_rounded_half_up),
		cmocka_unit_test(rounding_to_1024_takes_the_next_unit),
		cmocka_unit_test(size_cell_honours_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
