/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Names as the text outputs write them: nothing a terminal acts on gets through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "text_escape.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

struct escape_case {
	const char *in, *out;
};

static void check_cases(const struct escape_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *got = text_escape(cases[i].in);
		if (strcmp(got, cases[i].out) != 0)
			fail_msg("case %zu: got \"%s\", expected \"%s\"", i, got, cases[i].out);
		free(got);
	}
}

/* What reaches a terminal from any of these can only be printable ASCII or printable UTF-8. */
static const struct escape_case controls[] = {
	{ "/tmp/plain name.fifo", "/tmp/plain name.fifo" },
	{ "a\x1b]0;pwned\x07", "a\\x1b]0;pwned\\x07" },	/* OSC title change, ended by BEL */
	{ "\x1b[2J", "\\x1b[2J" },			/* CSI in 7 bits */
	{ "x\xc2\x9b" "31m", "x\\xc2\\x9b31m" },	/* CSI as UTF-8 U+009B */
	{ "x\x9b" "31m", "x\\x9b31m" },			/* CSI as a raw 8-bit byte */
	{ "\xc2\x80\xc2\x9f", "\\xc2\\x80\\xc2\\x9f" }, /* both ends of C1 */
	{ "row\nforged row", "row\\x0aforged row" },
	{ "a\rb", "a\\x0db" },
	{ "tab\there", "tab\\x09here" },
	{ "del\x7f", "del\\x7f" },
	{ "\\x41 is not A", "\\x5cx41 is not A" },	/* cannot pass for an escape */
	{ "back\\slash", "back\\slash" },
	{ "", "" },
};

static void controls_become_hex(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	check_cases(controls, sizeof(controls) / sizeof(controls[0]));
	assert_null(text_escape(NULL));
}

static void printable_utf8_stays(void **state)
{
	(void)state;
	static const struct escape_case cases[] = {
		{ "/tmp/caf\xc3\xa9", "/tmp/caf\xc3\xa9" },		/* é */
		{ "\xe4\xb8\xad\xe6\x96\x87.sock", "\xe4\xb8\xad\xe6\x96\x87.sock" }, /* 中文 */
		{ "\xf0\x9f\x90\x9f", "\xf0\x9f\x90\x9f" },		/* four bytes */
		{ "\xc2\xa0", "\xc2\xa0" },				/* just after C1 */
	};
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

static void invalid_utf8_becomes_hex(void **state)
{
	(void)state;
	static const struct escape_case cases[] = {
		{ "a\xff", "a\\xff" },
		{ "a\xfe", "a\\xfe" },
		{ "\xc3", "\\xc3" },			/* cut short at the end */
		{ "\xc3(", "\\xc3(" },			/* cut short before ASCII */
		{ "\xc0\xaf", "\\xc0\\xaf" },		/* overlong '/' */
		{ "\xed\xa0\x80", "\\xed\\xa0\\x80" },	/* a surrogate */
		{ "\x80\xc3\xa9", "\\x80\xc3\xa9" },	/* a stray continuation, then é */
	};
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* U+202E would show "cod.exe" as "exe.doc": it changes what is read, like a control. */
static void bidirectional_controls_become_hex(void **state)
{
	(void)state;
	static const struct escape_case cases[] = {
		{ "a\xe2\x80\xae" "b", "a\\xe2\\x80\\xaeb" },	/* RIGHT-TO-LEFT OVERRIDE */
		{ "a\xe2\x81\xa6" "b", "a\\xe2\\x81\\xa6b" },	/* LEFT-TO-RIGHT ISOLATE */
		{ "a\xe2\x80\x8f" "b", "a\\xe2\\x80\\x8fb" },	/* RIGHT-TO-LEFT MARK */
	};
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

/* Without a UTF-8 locale the terminal's character set is unknown: every high byte is escaped. */
static void c_locale_escapes_every_high_byte(void **state)
{
	(void)state;
	static const struct escape_case cases[] = {
		{ "caf\xc3\xa9", "caf\\xc3\\xa9" },
		{ "x\xc2\x9b", "x\\xc2\\x9b" },
		{ "x\x9b", "x\\x9b" },
		{ "a\x1b]0;pwned\x07", "a\\x1b]0;pwned\\x07" },
	};
	assert_non_null(setlocale(LC_CTYPE, "C"));
	check_cases(cases, sizeof(cases) / sizeof(cases[0]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(controls_become_hex),
		cmocka_unit_test(printable_utf8_stays),
		cmocka_unit_test(invalid_utf8_becomes_hex),
		cmocka_unit_test(bidirectional_controls_become_hex),
		cmocka_unit_test(c_locale_escapes_every_high_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
