/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The streaming JSON writer: commas, nesting, escaping, and bytes that are not UTF-8. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "jsonw.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct capture {
	char *text;
	size_t len;
	FILE *f;
	struct jsonw w;
};

static void start(struct capture *c)
{
	c->text = NULL;
	c->f = open_memstream(&c->text, &c->len);
	assert_non_null(c->f);
	jw_init(&c->w, c->f);
}

static char *finish(struct capture *c)
{
	fclose(c->f);
	return c->text;
}

static void commas_and_nesting(void **state)
{
	(void)state;
	struct capture c;
	start(&c);
	jw_object_begin(&c.w);
	jw_key(&c.w, "a");
	jw_array_begin(&c.w);
	jw_u64(&c.w, 1);
	jw_i64(&c.w, -2);
	jw_object_begin(&c.w);
	jw_object_end(&c.w);
	jw_array_begin(&c.w);
	jw_array_end(&c.w);
	jw_array_end(&c.w);
	jw_key(&c.w, "b");
	jw_bool(&c.w, false);
	jw_key(&c.w, "c");
	jw_string(&c.w, NULL);
	jw_key(&c.w, "d");
	jw_u64(&c.w, UINT64_MAX);
	jw_key(&c.w, "e");
	jw_i64(&c.w, INT64_MIN);
	jw_key(&c.w, "f");
	jw_u64(&c.w, 0);
	jw_object_end(&c.w);
	char *text = finish(&c);
	assert_string_equal(text, "{\"a\":[1,-2,{},[]],\"b\":false,\"c\":null,"
				  "\"d\":18446744073709551615,\"e\":-9223372036854775808,\"f\":0}");
	free(text);
}

static void escapes(void **state)
{
	(void)state;
	struct capture c;
	start(&c);
	jw_string(&c.w, "q\"b\\s/\n\t\x01\x1f");
	char *text = finish(&c);
	assert_string_equal(text, "\"q\\\"b\\\\s/\\u000a\\u0009\\u0001\\u001f\"");
	cJSON *v = cJSON_Parse(text);
	assert_non_null(v);
	assert_string_equal(v->valuestring, "q\"b\\s/\n\t\x01\x1f");
	cJSON_Delete(v);
	free(text);
}

static void utf8_kept_invalid_bytes_replaced(void **state)
{
	(void)state;
	const struct {
		const char *in, *out;
	} cases[] = {
		{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },		   /* é, two bytes */
		{ "\xe2\x82\xac", "\"\xe2\x82\xac\"" },		   /* €, three bytes */
		{ "\xf0\x9f\x90\x9f", "\"\xf0\x9f\x90\x9f\"" },	   /* four bytes */
		{ "a\xff" "b", "\"a\\ufffdb\"" },		   /* never valid */
		{ "\xc3", "\"\\ufffd\"" },			   /* cut short at the end */
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },		   /* overlong '/' */
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },   /* a surrogate */
		{ "\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"" },   /* overlong three-byte */
		{ "/tmp/\x80x", "\"/tmp/\\ufffdx\"" },		   /* a stray continuation byte */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct capture c;
		start(&c);
		jw_string(&c.w, cases[i].in);
		char *text = finish(&c);
		if (strcmp(text, cases[i].out) != 0)
			fail_msg("case %zu: got %s, expected %s", i, text, cases[i].out);
		cJSON *v = cJSON_Parse(text);
		assert_non_null(v);
		cJSON_Delete(v);
		free(text);
	}
}

/* A JSON document shown on a terminal must carry no control: DEL and C1 are escaped too. */
static void del_and_c1_escaped(void **state)
{
	(void)state;
	const struct {
		const char *in, *out;
	} cases[] = {
		{ "a\x7f", "\"a\\u007f\"" },
		{ "x\xc2\x9b" "31m", "\"x\\u009b31m\"" },	   /* CSI, U+009B */
		{ "\xc2\x80\xc2\x9f", "\"\\u0080\\u009f\"" }, /* both ends of C1 */
		{ "\xc2\xa0", "\"\xc2\xa0\"" },		   /* just after C1: a character */
		{ "x\x9b", "\"x\\ufffd\"" },		   /* a raw 8-bit CSI is not UTF-8 */
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct capture c;
		start(&c);
		jw_string(&c.w, cases[i].in);
		char *text = finish(&c);
		if (strcmp(text, cases[i].out) != 0)
			fail_msg("case %zu: got %s, expected %s", i, text, cases[i].out);
		cJSON *v = cJSON_Parse(text);
		assert_non_null(v);
		cJSON_Delete(v);
		free(text);
	}
}

static void utf8_validity(void **state)
{
	(void)state;
	assert_true(jw_is_utf8(""));
	assert_true(jw_is_utf8("/tmp/caf\xc3\xa9"));
	assert_true(jw_is_utf8("\xe4\xb8\xad\xf0\x9f\x90\x9f"));
	assert_true(jw_is_utf8("\x1b\xc2\x9b")); /* controls are characters, escaped but whole */
	assert_false(jw_is_utf8("a\xff"));
	assert_false(jw_is_utf8("a\xfe"));
	assert_false(jw_is_utf8("x\x9b"));
	assert_false(jw_is_utf8("\xc3"));
	assert_false(jw_is_utf8("\xc0\xaf"));
	assert_false(jw_is_utf8("\xed\xa0\x80"));
}

/* The test vectors of RFC 4648, and bytes that use the last two letters of the alphabet. */
static void base64_standard_and_padded(void **state)
{
	(void)state;
	const struct {
		const char *in, *out;
		size_t n;
	} cases[] = {
		{ "", "\"\"", 0 },
		{ "f", "\"Zg==\"", 1 },
		{ "fo", "\"Zm8=\"", 2 },
		{ "foo", "\"Zm9v\"", 3 },
		{ "foob", "\"Zm9vYg==\"", 4 },
		{ "fooba", "\"Zm9vYmE=\"", 5 },
		{ "foobar", "\"Zm9vYmFy\"", 6 },
		{ "a\xff", "\"Yf8=\"", 2 },
		{ "a\xfe", "\"Yf4=\"", 2 },
		{ "\xfb\xff\xbf", "\"+/+/\"", 3 },
		{ "a\0b", "\"YQBi\"", 3 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct capture c;
		start(&c);
		jw_array_begin(&c.w);
		jw_base64(&c.w, cases[i].in, cases[i].n);
		jw_null(&c.w);
		jw_array_end(&c.w);
		char *text = finish(&c);
		char want[64];
		snprintf(want, sizeof(want), "[%s,null]", cases[i].out);
		if (strcmp(text, want) != 0)
			fail_msg("case %zu: got %s, expected %s", i, text, want);
		free(text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commas_and_nesting),
		cmocka_unit_test(escapes),
		cmocka_unit_test(utf8_kept_invalid_bytes_replaced),
		cmocka_unit_test(del_and_c1_escaped),
		cmocka_unit_test(utf8_validity),
		cmocka_unit_test(base64_standard_and_padded),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
