/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --interval: decimal seconds with fractions, more than 0 and at most a day; nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ticker.h"

static int64_t parsed(const char *text)
{
	int64_t ns = -1;

	if (ticker_parse_interval(text, &ns) < 0)
		return -1;
	return ns;
}

static void seconds_and_fractions(void **state)
{
	(void)state;
	assert_true(parsed("1") == 1000000000LL);
	assert_true(parsed("0.2") == 200000000LL);
	assert_true(parsed(".5") == 500000000LL);
	assert_true(parsed("2.") == 2000000000LL);
	assert_true(parsed("0.000000001") == 1);
	assert_true(parsed("86400") == 86400LL * 1000000000LL);
}

static void everything_else_is_refused(void **state)
{
	(void)state;
	const char *bad[] = { "0",  "0.0", "",    ".",   "abc", "-1", "+1",  "1e3",
			      "inf", "nan", " 1", "1 ",  "0x10", "1,5", "86400.5",
			      "86401", "0.0000000001", "99999999999999999999" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parsed(bad[i]) != -1)
			fail_msg("'%s' was taken as an interval", bad[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seconds_and_fractions),
		cmocka_unit_test(everything_else_is_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
