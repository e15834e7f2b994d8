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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(commas_and_nesting),
		cmocka_unit_test(escapes),
		cmocka_unit_test(utf8_kept_invalid_bytes_replaced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
