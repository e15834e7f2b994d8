/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Label values and HELP text as the Prometheus writer escapes them: names from other users
 * can neither end a label early nor make the page invalid UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "prometheus.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct escape_case {
	const char *in, *out;
};

#define FFFD "\xef\xbf\xbd"

static void check(const struct escape_case *cases, size_t n, bool quote)
{
	for (size_t i = 0; i < n; i++) {
		char *got = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&got, &len);
		assert_non_null(out);
		prometheus_put_escaped(out, cases[i].in, quote);
		assert_int_equal(fclose(out), 0);
		if (strcmp(got, cases[i].out) != 0)
			fail_msg("case %zu: got \"%s\", expected \"%s\"", i, got, cases[i].out);
		free(got);
	}
}

static void label_values(void **state)
{
	static const struct escape_case cases[] = {
		{ "plain", "plain" },
		{ "a\"b", "a\\\"b" },
		{ "back\\slash", "back\\\\slash" },
		{ "two\nlines", "two\\nlines" },
		{ "\"} 1\nipcscope_forged 2", "\\\"} 1\\nipcscope_forged 2" },
		{ "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x90\x8d", "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x90\x8d" },
		{ "bad\xff", "bad" FFFD },
		{ "cut\xc3", "cut" FFFD },
		{ "overlong\xc0\xaf", "overlong" FFFD FFFD },
		{ "surrogate\xed\xa0\x80", "surrogate" FFFD FFFD FFFD },
		{ "past\xf4\x90\x80\x80", "past" FFFD FFFD FFFD FFFD },
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(cases[0]), true);
}

/* HELP text keeps its quotes; backslash and newline are escaped as in labels. */
static void help_text(void **state)
{
	static const struct escape_case cases[] = {
		{ "say \"hi\"", "say \"hi\"" },
		{ "a\\b\nc", "a\\\\b\\nc" },
	};

	(void)state;
	check(cases, sizeof(cases) / sizeof(cases[0]), false);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(label_values),
		cmocka_unit_test(help_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
