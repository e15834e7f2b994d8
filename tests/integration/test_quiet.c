/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -q/--quiet: no warnings and no unreadable-process line on stderr, the
 * JSON unchanged; what goes to JSON alone (a fallback that lost nothing, a
 * missing /dev/mqueue when posix_mq was not asked for); and sizes in tables
 * as 64K, or exact with --bytes, with JSON always exact.
 */
#include "runner.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

static void hold_a_pipe(void *arg)
{
	(void)arg;
	int p[2];
	if (pipe(p) < 0)
		_exit(1);
}

/* ipcscope ARGS... as nobody, with sock_diag off: both make something to warn of. */
static void run_warned(struct run_result *r, const char *const *args)
{
	char *argv[16];
	size_t n = 0;

	argv[n++] = "setpriv";
	argv[n++] = "--reuid=65534";
	argv[n++] = "--regid=65534";
	argv[n++] = "--clear-groups";
	argv[n++] = "env";
	argv[n++] = "IPCSCOPE_SOCK_DIAG=off";
	argv[n++] = (char *)ipcscope_path();
	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	run_command(argv, r);
}

static bool lists_unreadable(cJSON *doc, pid_t pid)
{
	cJSON *u;
	cJSON_ArrayForEach(u, cJSON_GetObjectItem(doc, "unreadable"))
		if (json_number(u, "pid") == pid)
			return true;
	return false;
}

static void quiet_leaves_stderr_empty_and_json_alone(void **state)
{
	(void)state;
	need_root("to make a process an unprivileged user cannot read");
	need_setpriv();
	pid_t root_proc = spawn_holder(hold_a_pipe, NULL);
	struct run_result loud, quiet, loud_json, quiet_json;

	run_warned(&loud, (const char *const[]){ "list", NULL });
	run_warned(&quiet, (const char *const[]){ "list", "-q", NULL });
	run_warned(&loud_json, (const char *const[]){ "list", "--json", NULL });
	run_warned(&quiet_json, (const char *const[]){ "list", "--quiet", "--json", NULL });
	stop_holder(root_proc);

	assert_int_equal(loud.status, 0);
	assert_int_equal(quiet.status, 0);
	if (!strstr(loud.err, "could not be read") || !strstr(loud.err, "ipcscope: warning: "))
		fail_msg("without -q, expected the unreadable line and a warning: %s", loud.err);
	assert_string_equal(quiet.err, "");
	assert_string_equal(quiet_json.err, "");
	/* The same warnings and unreadable processes, -q or not (other programs' processes
	 * come and go between the runs: only ours is looked for). */
	cJSON *a = parse_document(loud_json.out), *b = parse_document(quiet_json.out);
	for (cJSON *doc = a; doc; doc = doc == a ? b : NULL) {
		assert_true(has_warning(doc, "IPCSCOPE_SOCK_DIAG=off"));
		assert_true(lists_unreadable(doc, root_proc));
	}
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(a, "warnings")),
			 cJSON_GetArraySize(cJSON_GetObjectItem(b, "warnings")));
	cJSON_Delete(a);
	cJSON_Delete(b);
	run_result_free(&loud);
	run_result_free(&quiet);
	run_result_free(&loud_json);
	run_result_free(&quiet_json);
}

/* Every command that prints warnings takes -q; an error still prints. */
static void every_warning_command_takes_quiet(void **state)
{
	(void)state;
	need_root("to make a process an unprivileged user cannot read");
	need_setpriv();
	pid_t root_proc = spawn_holder(hold_a_pipe, NULL);
	const char *const commands[][6] = {
		{ "locks", "-q", NULL },
		{ "locks", "--deadlocks", "-q", NULL },
		{ "stale", "-q", "--path", "/nonexistent-dir-for-quiet", NULL },
		{ "summary", "-q", NULL },
		{ "summary", "--format", "prometheus", "--quiet", NULL },
		{ "watch", "-q", "--count", "0", NULL },
	};
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		struct run_result r;
		run_warned(&r, commands[i]);
		if (r.status != 0 || r.err[0])
			fail_msg("%s %s: status %d, stderr: %s", commands[i][0], commands[i][1], r.status,
				 r.err);
		run_result_free(&r);
	}
	stop_holder(root_proc);

	struct run_result bad;
	run_ipcscope(&bad, "list", "-q", "--kind", "no-such-kind", NULL);
	assert_int_equal(bad.status, 2);
	assert_non_null(strstr(bad.err, "unknown kind"));
	run_result_free(&bad);
}

/* Read from /proc/net because the kernel has no handler: said in JSON alone. */
static void raw_fallback_is_json_only(void **state)
{
	(void)state;
	struct run_result r, j;
	run_ipcscope(&r, "list", "raw", NULL);
	run_ipcscope(&j, "list", "raw", "--json", NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(j.out);
	bool fallback = has_warning(doc, "no sock_diag handler for them");
	cJSON_Delete(doc);
	if (!fallback) {
		run_result_free(&r);
		run_result_free(&j);
		skip_because("this kernel dumps raw sockets through sock_diag: no fallback to see");
		return;
	}
	if (strstr(r.err, "sock_diag"))
		fail_msg("a whole fallback was printed on stderr: %s", r.err);
	run_result_free(&r);
	run_result_free(&j);
}

/* Without /dev/mqueue: on stderr when posix_mq is asked for, else in JSON alone. */
static void missing_mqueue_warns_only_when_asked(void **state)
{
	(void)state;
	need_private_namespaces();
	umount2("/dev/mqueue", MNT_DETACH); /* ours alone: a mount namespace of the test's own */
	struct run_result all, asked, all_json;
	run_ipcscope(&all, "list", NULL);
	run_ipcscope(&asked, "list", "posix_mq", NULL);
	run_ipcscope(&all_json, "list", "--json", NULL);
	cJSON *doc = parse_document(all_json.out);
	bool unmounted = has_warning(doc, "/dev/mqueue is not mounted");
	cJSON_Delete(doc);
	if (!unmounted) {
		skip_because("/dev/mqueue is still mounted here");
		return;
	}
	if (strstr(all.err, "/dev/mqueue"))
		fail_msg("list with every kind printed the mqueue warning: %s", all.err);
	if (!strstr(asked.err, "/dev/mqueue is not mounted"))
		fail_msg("list posix_mq did not print the mqueue warning: %s", asked.err);
	run_result_free(&all);
	run_result_free(&asked);
	run_result_free(&all_json);
}

static void hold_queued_bytes(void *arg)
{
	(void)arg;
	char text[1536];
	int p[2];
	memset(text, 'x', sizeof(text));
	if (pipe(p) < 0 || write(p[1], text, sizeof(text)) != (ssize_t)sizeof(text))
		_exit(1);
}

/* The one row of the holder's pipe: "QUEUED CAPACITY". */
static char *pipe_row(pid_t pid, const char *bytes_option)
{
	char pids[16];
	struct run_result r;
	snprintf(pids, sizeof(pids), "%d", pid);
	run_ipcscope(&r, "list", "pipe", "--pid", pids, "-o", "QUEUED,CAPACITY", "-n", "-r",
		     bytes_option, NULL);
	assert_int_equal(r.status, 0);
	char *row = strdup(r.out);
	run_result_free(&r);
	return row;
}

static void sizes_are_human_in_tables_exact_elsewhere(void **state)
{
	(void)state;
	pid_t pid = spawn_holder(hold_queued_bytes, NULL);
	char *human = pipe_row(pid, NULL), *exact = pipe_row(pid, "--bytes");
	struct run_result j;
	char pids[16];
	snprintf(pids, sizeof(pids), "%d", pid);
	run_ipcscope(&j, "list", "pipe", "--pid", pids, "--bytes", "--json", NULL);
	struct run_result h;
	run_ipcscope(&h, "list", "pipe", "--pid", pids, "--json", NULL);
	stop_holder(pid);

	/* It holds the runner's pipes too, with nothing queued: its own is the one with bytes. */
	if (!strstr(human, "\n1.5K 64K\n") && strncmp(human, "1.5K 64K\n", 9) != 0)
		fail_msg("no row \"1.5K 64K\" in:\n%s", human);
	if (!strstr(exact, "\n1536 65536\n") && strncmp(exact, "1536 65536\n", 11) != 0)
		fail_msg("no row \"1536 65536\" in:\n%s", exact);
	if (strstr(human, "1536") || strstr(human, "65536"))
		fail_msg("an exact size without --bytes:\n%s", human);
	/* JSON has exact numbers, with --bytes or without. */
	for (const char *text = h.out; text; text = text == h.out ? j.out : NULL) {
		cJSON *doc = parse_document(text), *o, *queued = NULL;
		cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
			if (json_number(o, "queued") == 1536)
				queued = o;
		assert_non_null(queued);
		assert_true(json_number(queued, "capacity") == 65536);
		cJSON_Delete(doc);
	}
	free(human);
	free(exact);
	run_result_free(&j);
	run_result_free(&h);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quiet_leaves_stderr_empty_and_json_alone),
		cmocka_unit_test(every_warning_command_takes_quiet),
		cmocka_unit_test(raw_fallback_is_json_only),
		cmocka_unit_test(missing_mqueue_warns_only_when_asked),
		cmocka_unit_test(sizes_are_human_in_tables_exact_elsewhere),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
