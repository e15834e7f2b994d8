/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The tables fit a terminal of 80 columns: each default view, run in a
 * pseudo-terminal 80 columns wide (and with -w 80 into a pipe), over the
 * objects of a load of every kind, has no line wider, keeps its key
 * columns, and shows stale's paths whole; off a terminal nothing is cut.
 */
#include "runner.h"

#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#define WIDTH 80

/* What `ipcscope ARGS` prints on a terminal `cols` wide (stderr dropped), \r removed. */
static char *on_terminal(unsigned short cols, const char *const *args)
{
	struct winsize ws = { .ws_row = 50, .ws_col = cols };
	int master;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);

	assert_true(pid >= 0);
	if (pid == 0) {
		const char *argv[16] = { ipcscope_path() };
		for (size_t i = 0; args[i] && i < 14; i++)
			argv[i + 1] = args[i];
		if (!freopen("/dev/null", "w", stderr))
			_exit(126);
		unsetenv("COLUMNS");
		execv(argv[0], (char *const *)argv);
		_exit(127);
	}
	char *text = NULL;
	size_t len = 0, cap = 0;
	for (;;) {
		char buf[4096];
		ssize_t n = read(master, buf, sizeof(buf));
		if (n <= 0)
			break; /* EIO once the child has closed its side */
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\r')
				continue;
			if (len + 2 > cap) {
				cap = cap ? cap * 2 : 65536;
				text = realloc(text, cap);
				assert_non_null(text);
			}
			text[len++] = buf[i];
		}
	}
	close(master);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("%s %s exited %d", args[0], args[1] ? args[1] : "", status);
	if (!text)
		text = calloc(1, 1);
	else
		text[len] = '\0';
	return text;
}

/* Columns a line takes: its characters (UTF-8 continuation bytes take none). */
static size_t columns_of(const char *line, size_t bytes)
{
	size_t n = 0;

	for (size_t i = 0; i < bytes; i++)
		n += ((unsigned char)line[i] & 0xc0) != 0x80;
	return n;
}

static void expect_fits(const char *text, size_t width, const char *view)
{
	size_t lines = 0;

	for (const char *line = text; *line; lines++) {
		size_t bytes = strcspn(line, "\n");
		if (columns_of(line, bytes) > width)
			fail_msg("%s: a line of %zu columns on a terminal of %zu:\n%.*s", view,
				 columns_of(line, bytes), width, (int)bytes, line);
		line += bytes + (line[bytes] == '\n');
	}
	if (lines < 2)
		fail_msg("%s: no rows under the heading:\n%s", view, text);
}

/* The heading (the first line that starts with the first of `columns`; summary's may
 * follow a namespace's title) names each of `columns`, space-separated. */
static void expect_heading(const char *text, const char *columns, const char *view)
{
	size_t first = strcspn(columns, " ");
	while (strncmp(text, columns, first) != 0 && strchr(text, '\n'))
		text = strchr(text, '\n') + 1;
	size_t bytes = strcspn(text, "\n");
	char *heading = strndup(text, bytes), *want = strdup(columns), *save = NULL;

	char *line = malloc(bytes + 3);
	assert_non_null(line);
	snprintf(line, bytes + 3, " %s ", heading);
	for (char *c = strtok_r(want, " ", &save); c; c = strtok_r(NULL, " ", &save)) {
		char padded[64];
		snprintf(padded, sizeof(padded), " %s ", c);
		if (!strstr(line, padded))
			fail_msg("%s: no %s column in the heading: %s", view, c, heading);
	}
	free(line);
	free(heading);
	free(want);
}

struct view {
	const char *args[8];
	const char *columns; /* that the heading must name */
};

static const struct view views[] = {
	{ { "list", NULL }, "KIND ID NAME SUMMARY PEER HOLDERS" },
	{ { "list", "pipe", NULL }, "KIND ID NAME QUEUED HOLDERS" },
	{ { "list", "fifo", NULL }, "KIND ID NAME HOLDERS" },
	{ { "list", "unix", NULL }, "KIND ID SUMMARY PEER HOLDERS" },
	{ { "list", "tcp", NULL }, "KIND ID SUMMARY PEER HOLDERS" },
	{ { "list", "sysv_shm", NULL }, "KIND ID KEY SIZE HOLDERS" },
	{ { "list", "sysv_msg", NULL }, "KIND ID KEY MESSAGES" },
	{ { "list", "sysv_sem", NULL }, "KIND ID KEY NSEMS" },
	{ { "list", "posix_shm", NULL }, "KIND NAME SIZE HOLDERS" },
	{ { "list", "posix_sem", NULL }, "KIND NAME VALUE HOLDERS" },
	{ { "list", "posix_mq", NULL }, "KIND NAME MESSAGES HOLDERS" },
	{ { "list", "lock", NULL }, "KIND ID NAME TYPE HOLDERS" },
	{ { "locks", NULL }, "KIND ID NAME TYPE BLOCKED-BY HOLDERS" },
	{ { "summary", NULL }, "KIND OBJECTS BYTES" },
};

static void every_view_fits_80_columns(void **state)
{
	(void)state;
	struct running run = { 0 };
	static const char *const load_args[] = { "--count", "6", NULL };

	need_private_namespaces();
	start_load(&run, load_args);
	for (size_t v = 0; v < sizeof(views) / sizeof(views[0]); v++) {
		const struct view *view = &views[v];
		char name[64];
		snprintf(name, sizeof(name), "%s %s", view->args[0], view->args[1] ? view->args[1] : "");
		char *text = on_terminal(WIDTH, view->args);
		expect_fits(text, WIDTH, name);
		expect_heading(text, view->columns, name);
		free(text);
	}
	/* summary's limits, below its kinds: the description stays, the sysctl goes. */
	static const char *const summary[] = { "summary", NULL };
	char *text = on_terminal(WIDTH, summary);
	assert_non_null(strstr(text, "DESCRIPTION"));
	assert_null(strstr(text, "SYSCTL"));
	free(text);
	text = on_terminal(160, summary);
	assert_non_null(strstr(text, "SYSCTL"));
	free(text);
	/* watch's events: one that is longer than a line goes on more. */
	static const char *const watch[] = { "watch", "--initial", "--count", "1", "--interval", "0.1",
					     NULL };
	text = on_terminal(WIDTH, watch);
	expect_fits(text, WIDTH, "watch");
	if (!strstr(text, "\n    "))
		fail_msg("watch: no event went on a second line at %d columns:\n%s", WIDTH, text);
	free(text);

	/* With more width a path is whole; at 80 one that is cut keeps its file's name. */
	const char *dir = cJSON_GetObjectItem(cJSON_GetObjectItem(run.manifest, "load"), "dir")
				  ->valuestring;
	char fifo[256];
	snprintf(fifo, sizeof(fifo), "%s/fifo-0", dir);
	static const char *const list[] = { "list", NULL };
	text = on_terminal(120, list);
	expect_fits(text, 120, "list at 120 columns");
	if (!strstr(text, fifo))
		fail_msg("list at 120 columns cut the path %s:\n%s", fifo, text);
	free(text);
	text = on_terminal(WIDTH, list);
	if (!strstr(text, "fifo-0 "))
		fail_msg("list at %d columns lost the file's name of %s:\n%s", WIDTH, fifo, text);
	free(text);
	stop_load(&run, SIGTERM);
	cJSON_Delete(run.manifest);
}

/* -w 80 into a pipe lays the table out as on a terminal that wide; without it nothing is cut. */
static void width_option_and_pipes(void **state)
{
	(void)state;
	struct running run = { 0 };
	static const char *const load_args[] = { "--count", "6", NULL };
	struct run_result r;

	need_private_namespaces();
	start_load(&run, load_args);
	run_ipcscope(&r, "list", "-w", "80", NULL);
	assert_int_equal(r.status, 0);
	expect_fits(r.out, WIDTH, "list -w 80");
	expect_heading(r.out, "KIND ID NAME SUMMARY PEER HOLDERS", "list -w 80");
	run_result_free(&r);

	/* Off a terminal every holder of a unix socket is on its row, whole. */
	run_ipcscope(&r, "list", "unix", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "/ipcscope["));
	run_result_free(&r);

	/* --notruncate: NAME is not cut on a narrow terminal. */
	const char *dir = cJSON_GetObjectItem(cJSON_GetObjectItem(run.manifest, "load"), "dir")
				  ->valuestring;
	static const char *const fifo_u[] = { "list", "fifo", "--notruncate", NULL };
	char *text = on_terminal(WIDTH, fifo_u);
	if (!strstr(text, dir))
		fail_msg("list fifo --notruncate cut the path %s:\n%s", dir, text);
	free(text);

	expect_usage_error("invalid width 'x'", "list", "-w", "x", NULL);
	expect_usage_error("invalid width '5'", "list", "--width", "5", NULL);
	stop_load(&run, SIGTERM);
	cJSON_Delete(run.manifest);
}

/* stale and clean show each path whole at 80 columns, and fit. */
static void stale_paths_whole_at_80(void **state)
{
	(void)state;
	struct running run = { 0 };
	static const char *const load_args[] = { "--count", "2", "--stale", NULL };

	need_private_namespaces();
	/* What --stale leaves behind stays in the test's own /tmp and /dev/shm. */
	mount_own_tmp(NULL);
	assert_int_equal(mount("none", "/dev/shm", "tmpfs", 0, NULL), 0);
	start_load(&run, load_args);
	const char *stale_dir =
		cJSON_GetObjectItem(cJSON_GetObjectItem(run.manifest, "load"), "stale_dir")->valuestring;
	char fifo[256];
	snprintf(fifo, sizeof(fifo), "%s/stale.fifo", stale_dir);

	const char *const stale[] = { "stale", "--path", stale_dir, NULL };
	char *text = on_terminal(WIDTH, stale);
	expect_fits(text, WIDTH, "stale");
	expect_heading(text, "KIND ID NAME STALE", "stale");
	if (!strstr(text, fifo))
		fail_msg("stale cut the path %s:\n%s", fifo, text);
	free(text);

	const char *const dry[] = { "clean", "--dry-run", "--ignore-unreadable", "--path", stale_dir,
				    "fifo", NULL };
	text = on_terminal(WIDTH, dry);
	expect_fits(text, WIDTH, "clean --dry-run");
	expect_heading(text, "ACTION KIND ID NAME WHY", "clean --dry-run");
	if (!strstr(text, fifo))
		fail_msg("clean --dry-run cut the path %s:\n%s", fifo, text);
	free(text);
	stop_load(&run, SIGTERM);
	cJSON_Delete(run.manifest);
	assert_int_equal(umount2("/dev/shm", MNT_DETACH), 0);
	unmount_own_tmp(NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_view_fits_80_columns),
		cmocka_unit_test(width_option_and_pipes),
		cmocka_unit_test_teardown(stale_paths_whole_at_80, unmount_own_tmp),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
