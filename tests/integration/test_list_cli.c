/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The command line: usage errors name the valid choices and exit 2; help and version work. */
#include "runner.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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
	expect_usage_error("valid columns:\n  KIND, ID", "list", "-o", "KIND,NOPE", NULL);
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
	expect_usage_error("unknown command 'lsit'; did you mean 'list'?", "lsit", NULL);
}

/* A misspelled command, kind, column or option names the one likely meant. */
static void misspellings_are_answered(void **state)
{
	(void)state;
	expect_usage_error("unknown command 'sumary'; did you mean 'summary'?", "sumary", NULL);
	expect_usage_error("unknown command 'lst'; did you mean 'list'?", "help", "lst", NULL);
	expect_usage_error("unknown kind 'piep'; did you mean 'pipe'? valid kinds: pipe, fifo",
			   "list", "--kind", "piep", NULL);
	expect_usage_error("unknown kind 'sysv-shm'; did you mean 'sysv_shm'?", "summary",
			   "sysv-shm", NULL);
	expect_usage_error("load cannot make kind 'fiffo'; did you mean 'fifo'?", "load", "--kind",
			   "fiffo", NULL);
	expect_usage_error("unknown column 'HOLDRES'; did you mean 'HOLDERS'?", "list", "-o",
			   "KIND,HOLDRES", NULL);
	expect_usage_error("unknown column 'holder'; did you mean 'HOLDERS'?", "list", "-o",
			   "holder", NULL);
	expect_usage_error("did you mean '--json'?", "list", "--jsno", NULL);
	expect_usage_error("did you mean '--procs'?", "load", "--porcs", "2", NULL);
	/* clean's --yes is no option of list: not offered to it. */
	struct run_result r;
	run_ipcscope(&r, "list", "--yess", NULL);
	assert_int_equal(r.status, 2);
	assert_null(strstr(r.err, "did you mean"));
	run_result_free(&r);
	expect_usage_error("did you mean '--yes'?", "clean", "--yess", NULL);
	expect_usage_error("--list-options: unknown command 'clen'; did you mean 'clean'?",
			   "--list-options=clen", NULL);

	/* Nothing near: the valid names, and no guess. */
	run_ipcscope(&r, "xyzzy", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "the commands: list, locks"));
	assert_null(strstr(r.err, "did you mean"));
	run_result_free(&r);
	run_ipcscope(&r, "list", "-o", "NOPE", NULL);
	assert_int_equal(r.status, 2);
	assert_null(strstr(r.err, "did you mean"));
	run_result_free(&r);
}

/* Every column is named, several a line, no line wider than 80 characters. */
static void unknown_column_lists_columns_on_lines(void **state)
{
	(void)state;
	struct run_result r;
	int lines = 0;

	run_ipcscope(&r, "list", "-o", "NOPE", NULL);
	assert_int_equal(r.status, 2);
	for (char *line = r.err, *end; *line; line = end + (*end != '\0')) {
		end = line + strcspn(line, "\n");
		if (end - line > 80)
			fail_msg("line of %d characters: %.*s", (int)(end - line), (int)(end - line), line);
		lines++;
	}
	assert_true(lines >= 4);
	assert_non_null(strstr(r.err, "  KIND, ID, NAME,"));
	assert_non_null(strstr(r.err, "DEADLOCK"));
	run_result_free(&r);
}

/* No short option means two things in two commands (-n is --noheadings, not load's --count). */
static void short_options_mean_one_thing(void **state)
{
	(void)state;
	char meaning[128][64] = { { 0 } };
	struct run_result cmds, help;

	run_ipcscope(&cmds, "--list-commands", NULL);
	assert_int_equal(cmds.status, 0);
	for (char *cmd = strtok(cmds.out, "\n"); cmd; cmd = strtok(NULL, "\n")) {
		run_ipcscope(&help, cmd, "--help", NULL);
		assert_int_equal(help.status, 0);
		for (char *p = help.out; (p = strstr(p, "\n  -")); p += 3) {
			unsigned char c = (unsigned char)p[4];
			char name[64];
			if (p[5] != ',' || sscanf(p + 6, " --%63[a-z-]", name) != 1)
				continue;
			if (meaning[c][0] && strcmp(meaning[c], name) != 0)
				fail_msg("-%c is --%s, and --%s in %s", c, meaning[c], name, cmd);
			snprintf(meaning[c], sizeof(meaning[c]), "%s", name);
		}
		run_result_free(&help);
	}
	run_result_free(&cmds);
	assert_string_equal(meaning['n'], "noheadings");
	assert_string_equal(meaning['d'], "deadlocks");
	assert_string_equal(meaning['c'], "count");
	assert_string_equal(meaning['P'], "");

	/* load's old short forms are gone, not another meaning. */
	expect_usage_error("invalid option -- 'n'", "load", "-n", "1", NULL);
	expect_usage_error("invalid option -- 'P'", "load", "-P", "2", NULL);
	expect_usage_error("invalid option -- 'd'", "load", "-d", "1", NULL);
}

/* --kind and --kinds are one option wherever a kind list is taken. */
static void kind_and_kinds_are_one_option(void **state)
{
	(void)state;
	static const char *const commands[][2] = { { "list", "--kinds" }, { "list", "--kind" },
						   { "summary", "--kinds" }, { "stale", "--kinds" } };
	struct run_result r;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		run_ipcscope(&r, commands[i][0], commands[i][1], "pipe", "--json", NULL);
		if (r.status != 0)
			fail_msg("%s %s pipe: exit %d: %s", commands[i][0], commands[i][1], r.status,
				 r.err);
		run_result_free(&r);
	}
	/* A misspelled kind after --kinds is still named as such. */
	expect_usage_error("unknown kind 'bogus'", "watch", "--kinds", "bogus", NULL);

	/* load: --kind, -c for --count, the long names of the others unchanged. */
	run_ipcscope(&r, "load", "--kind", "pipe", "-c", "2", "--procs", "1", "--duration", "1",
		     "--json", NULL);
	assert_int_equal(r.status, 0);
	cJSON *manifest = cJSON_Parse(r.out);
	assert_non_null(manifest);
	assert_non_null(strstr(r.out, "\"pipe\""));
	cJSON_Delete(manifest);
	run_result_free(&r);
}

/*
 * A process that holds nothing: sleep, with every descriptor the test has
 * closed and the standard ones on /dev/null.  Returned once it runs sleep.
 */
static pid_t start_idle_process(void)
{
	pid_t pid = fork_holder();
	char path[64], comm[32] = "";

	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(1);
		close_range(3, ~0U, 0);
		execlp("sleep", "sleep", "60", (char *)NULL);
		_exit(127);
	}
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)pid);
	for (int tries = 0; tries < 500 && strcmp(comm, "sleep\n") != 0; tries++) {
		FILE *f = fopen(path, "r");
		comm[0] = '\0';
		if (f) {
			if (!fgets(comm, sizeof(comm), f))
				comm[0] = '\0';
			fclose(f);
		}
		if (strcmp(comm, "sleep\n") != 0)
			usleep(10000);
	}
	assert_string_equal(comm, "sleep\n");
	return pid;
}

static void pid_of_no_process_is_a_runtime_error(void **state)
{
	(void)state;
	struct run_result r;
	char gone[16], idle[16], expected[32];

	/* A process that ended and was reaped. */
	pid_t child = fork();
	assert_true(child >= 0);
	if (child == 0)
		_exit(0);
	assert_int_equal(waitpid(child, NULL, 0), child);
	snprintf(gone, sizeof(gone), "%d", (int)child);
	run_ipcscope(&r, "list", "--pid", gone, NULL);
	assert_int_equal(r.status, 1);
	snprintf(expected, sizeof(expected), "no process %d", (int)child);
	assert_non_null(strstr(r.err, expected));
	assert_string_equal(r.out, "");
	run_result_free(&r);

	/* Usage errors still come first. */
	expect_usage_error("unknown column", "list", "--pid", gone, "-o", "NOPE", NULL);

	/* A live process that holds nothing: nothing listed, and success. */
	pid_t holder = start_idle_process();
	snprintf(idle, sizeof(idle), "%d", (int)holder);
	run_ipcscope(&r, "list", "--pid", idle, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "");
	run_result_free(&r);
	run_ipcscope(&r, "list", "--pid", idle, "--json", NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "objects")), 0);
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(holder);
}

/* Without a command, or with options first, ipcscope lists, as lsfd does. */
static void no_command_runs_list(void **state)
{
	(void)state;
	struct run_result r;

	run_ipcscope(&r, NULL);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.err, "Usage"));
	run_result_free(&r);

	run_ipcscope(&r, "--json", "--kind", "pipe", NULL);
	assert_int_equal(r.status, 0);
	cJSON_Delete(parse_document(r.out));
	run_result_free(&r);

	expect_usage_error("ipcscope list: unrecognized option '--bogus'", "--bogus", NULL);
}

static void help_command(void **state)
{
	(void)state;
	struct run_result r, own;

	run_ipcscope(&r, "help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Commands:"));
	assert_non_null(strstr(r.out, "  help "));
	run_result_free(&r);

	run_ipcscope(&r, "help", "list", NULL);
	run_ipcscope(&own, "list", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, own.out);
	run_result_free(&r);
	run_result_free(&own);

	run_ipcscope(&r, "help", "--help", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "Usage: ipcscope help [COMMAND]"));
	run_result_free(&r);

	expect_usage_error("unknown command 'nosuch'", "help", "nosuch", NULL);
	expect_usage_error("help takes one command", "help", "list", "load", NULL);
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
		cmocka_unit_test(misspellings_are_answered),
		cmocka_unit_test(unknown_column_lists_columns_on_lines),
		cmocka_unit_test(short_options_mean_one_thing),
		cmocka_unit_test(kind_and_kinds_are_one_option),
		cmocka_unit_test(pid_of_no_process_is_a_runtime_error),
		cmocka_unit_test(no_command_runs_list),
		cmocka_unit_test(help_command),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
