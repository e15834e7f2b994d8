/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which format writes which document, and the frame of every JSON document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "formatters.h"
#include "json_document.h"
#include "jsonw.h"
#include "strvec.h"

#include <stdio.h>
#include <stdlib.h>

/* The names each command offers in its messages and --help. */
static void each_document_names_its_formats(void **state)
{
	(void)state;
	assert_string_equal(formatters_names(DOC_OBJECTS), "table, json, ndjson");
	assert_string_equal(formatters_names(DOC_CLEAN), "table, json, ndjson");
	assert_string_equal(formatters_names(DOC_SUMMARY), "table, json, prometheus");
	assert_string_equal(formatters_names(DOC_DEADLOCKS), "json, text");
	assert_string_equal(formatters_names(DOC_MANIFEST), "table, json");
	assert_string_equal(formatters_names(DOC_WATCH), "ndjson, text");
}

/* A format without the document's hook is not found for that document. */
static void a_format_is_found_only_for_what_it_writes(void **state)
{
	(void)state;
	const struct formatter *prometheus = formatter_find("prometheus", DOC_SUMMARY);

	assert_non_null(prometheus);
	assert_non_null(prometheus->summary);
	assert_null(formatter_find("prometheus", DOC_OBJECTS));
	assert_null(formatter_find("text", DOC_OBJECTS));
	assert_null(formatter_find("ndjson", DOC_SUMMARY));
	assert_null(formatter_find("yaml", DOC_OBJECTS));
	for (size_t i = 0; i < formatters_count(); i++) {
		const struct formatter *fmt = formatter_at(i);
		assert_ptr_equal(formatter_find(fmt->name, DOC_WATCH),
				 formatter_writes(fmt, DOC_WATCH) ? fmt : NULL);
	}
	assert_null(formatter_at(formatters_count()));
}

/* Begin and end around a document without "unreadable", as locks --deadlocks writes it. */
static void a_json_document_opens_with_the_schema_and_ends_with_warnings(void **state)
{
	(void)state;
	struct strvec warnings = { 0 };
	struct jsonw w;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	assert_non_null(out);
	strvec_pushf(&warnings, "a \"quoted\" warning");
	json_document_begin(&w, out);
	jw_key(&w, "deadlocks");
	jw_array_begin(&w);
	jw_array_end(&w);
	assert_int_equal(json_document_end(&w, NULL, &warnings), 0);
	fclose(out);
	assert_string_equal(text, "{\"schema\":\"" IPCSCOPE_JSON_SCHEMA "\",\"deadlocks\":[],"
				  "\"warnings\":[\"a \\\"quoted\\\" warning\"]}\n");
	free(text);
	strvec_free(&warnings);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_document_names_its_formats),
		cmocka_unit_test(a_format_is_found_only_for_what_it_writes),
		cmocka_unit_test(a_json_document_opens_with_the_schema_and_ends_with_warnings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
