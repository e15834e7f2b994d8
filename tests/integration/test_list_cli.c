/* The command line: usage errors name the valid choices and exit 2; help and version work. */
#include "runner.h"

#include <string.h>

static void bad_input_is_a_usage_error(void **state)
{
	(void)state;
	expect_usage_error("valid kinds: pipe, fifo", "list", "--kind", "bogus", NULL);
	expect_usage_error("valid kinds: pipe, fifo", "list", "pipes", NULL);
	expect_usage_error("valid kinds", "list", "--kind", "", NULL);
	expect_usage_error("invalid pid '12x'", "list", "--pid", "12x", NULL);
	expect_usage_error("invalid pid '0'", "list", "--pid", "1,0", NULL);
	expect_usage_error("unknown user 'no-such-user-here'", "list", "--user", "no-such-user-here",
			   NULL);
	expect_usage_error("valid columns: KIND, ID", "list", "-o", "KIND,NOPE", NULL);
	expect_usage_error("empty item in --pid '1,,2'", "list", "--pid", "1,,2", NULL);
	expect_usage_error("empty column name in -o ',,KIND'", "list", "-o", ",,KIND", NULL);
	expect_usage_error("-o '+' adds no column", "list", "-o", "+", NULL);
	expect_usage_error("column KIND is given twice", "list", "-o", "KIND,KIND", NULL);
	expect_usage_error("--yes and --dry-run contradict each other", "clean", "--yes", "--dry-run",
			   NULL);
	expect_usage_error("--version takes no arguments; got 'extra'", "--version", "extra", NULL);
	expect_usage_error("--help takes no arguments; got 'extra'", "--help", "extra", NULL);
	expect_usage_error("valid formats: table, json, ndjson", "list", "--format", "xml", NULL);
	expect_usage_error("Try 'ipcscope list --help'", "list", "--no-such-option", NULL);
	expect_usage_error("unknown command 'lsit'", "lsit", NULL);
	expect_usage_error("Usage: ipcscope", NULL);
}

static void help_and_version(void **state)
{
	(void)state;
	struct run_result r;

	run_ipcscope(&r, "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "list"));
	run_result_free(&r);

	run_ipcscope(&r, "--version", NULL);
	assert_int_equal(r.status, 0);
	assert_true(strncmp(r.out, "ipcscope ", 9) == 0);
	run_result_free(&r);

	run_ipcscope(&r, "list", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "--json"));
	assert_non_null(strstr(r.out, "pipe, fifo"));
	run_result_free(&r);

	run_ipcscope(&r, "list", "--list-columns", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "HOLDERS"));
	assert_non_null(strstr(r.out, "QUEUED"));
	run_result_free(&r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bad_input_is_a_usage_error),
		cmocka_unit_test(help_and_version),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
