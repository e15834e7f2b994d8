/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What ipcscope load tells its user: the table of what it made and who
 * holds it, the progress line while making on a terminal, the kinds it
 * could not make and why, a duration that ends it by itself, the number of
 * workers at its bounds, and its usage errors.
 */
#include "runner.h"

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A fresh /dev/shm and an mqueue mount of our own, and loopback up. */
static int setup_group(void **state)
{
	(void)state;
	if (!private_namespaces())
		return 0;
	assert_int_equal(mount("none", "/dev/shm", "tmpfs", 0, "mode=1777"), 0);
	mkdir("/dev/mqueue", 0755);
	assert_int_equal(mount("none", "/dev/mqueue", "mqueue", 0, NULL), 0);
	return bring_up_loopback(state);
}

/* One row of the table: "KIND OBJECTS WAITERS HOLDERS". */
struct row {
	char kind[16];
	unsigned objects, waiters;
	char holders[128];
};

/* The row of `kind`, or fails the test. */
static struct row table_row(const char *table, const char *kind)
{
	struct row row;
	const char *line = table;

	for (; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		row = (struct row){ 0 };
		if (sscanf(line, "%15s %u %u %127[^\n]", row.kind, &row.objects, &row.waiters,
			   row.holders) >= 3 &&
		    strcmp(row.kind, kind) == 0)
			return row;
	}
	fail_msg("no row for %s in:\n%s", kind, table);
	return row;
}

/* Whether holders is `count` distinct pids joined by commas. */
static bool distinct_pids(const char *holders, int count)
{
	int pids[8], n = 0, used;

	for (const char *p = holders; n < 8 && sscanf(p, "%d%n", &pids[n], &used) == 1; n++) {
		for (int k = 0; k < n; k++)
			if (pids[k] == pids[n] || pids[n] <= 0)
				return false;
		p += used;
		if (*p != ',')
			return n + 1 == count && *p == '\0';
		p++;
	}
	return false;
}

static double seconds_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/*
 * Without --json, a table: per kind the objects, their waiters and the
 * workers holding them; the stale ones on rows of their own; where they
 * are held.  With --duration the load ends by itself, removing all but
 * the stale objects.
 */
static void a_table_until_the_duration_ends(void **state)
{
	(void)state;
	struct run_result r;
	struct timespec start, end;

	need_private_namespaces();
	mount_own_tmp(NULL);
	clock_gettime(CLOCK_MONOTONIC, &start);
	run_ipcscope(&r, "load", "--kinds", "pipe,lock,sysv_sem", "--count", "2", "--procs", "2",
		     "--stale", "--duration", "1", NULL);
	clock_gettime(CLOCK_MONOTONIC, &end);
	assert_int_equal(r.status, 0);
	if (seconds_between(&start, &end) < 1.0)
		fail_msg("ended after %.2f s of a 1 s duration", seconds_between(&start, &end));
	if (strncmp(r.out, "KIND       OBJECTS WAITERS  HOLDERS\n", 36) != 0)
		fail_msg("no heading: %s", r.out);

	struct row pipes = table_row(r.out, "pipe"), locks = table_row(r.out, "lock");
	struct row sets = table_row(r.out, "sysv_sem");
	assert_int_equal(pipes.objects, 2);
	assert_int_equal(pipes.waiters, 0);
	assert_true(distinct_pids(pipes.holders, 2));
	assert_int_equal(locks.objects, 2); /* a flock and a POSIX lock, each with a waiter */
	assert_int_equal(locks.waiters, 2);
	assert_true(distinct_pids(locks.holders, 2));
	assert_int_equal(sets.objects, 2);
	assert_int_equal(sets.waiters, 2);
	assert_string_equal(sets.holders, "-"); /* a set is held by no descriptor */
	static const char *const stale[] = { "sysv_shm", "posix_shm", "fifo", "unix" };
	for (size_t i = 0; i < sizeof(stale) / sizeof(stale[0]); i++) {
		struct row s = table_row(r.out, stale[i]);
		assert_int_equal(s.objects, 1);
		assert_string_equal(s.holders, "(stale: left behind)");
	}
	const char *holding = strstr(r.out, "\nHolding them in /tmp/ipcscope-load.");
	if (!holding || !strstr(holding, " until the end (Ctrl-C or SIGTERM); see them with: "
					 "ipcscope list\n"))
		fail_msg("not said where they are held: %s", r.out);
	run_result_free(&r);

	/* Only the stale ones are left: their directory, a segment, a /dev/shm file. */
	assert_int_equal(entries("/tmp"), 1);
	assert_int_equal(sysvipc_rows("sem"), 0);
	assert_int_equal(sysvipc_rows("shm"), 1);
	assert_int_equal(entries("/dev/shm"), 1);
	assert_int_equal(system("rm -f /dev/shm/* && ipcrm --all=shm"), 0);
}

/*
 * Kinds it cannot make are named with the reason, in the table and in the
 * manifest, and the rest is made: no loopback in a network namespace of
 * its own, and a warning for queues no mount shows.
 */
static void what_could_not_be_made_is_said(void **state)
{
	(void)state;
	struct run_result r;

	need_private_namespaces();
	assert_int_equal(umount("/dev/mqueue"), 0);
	for (int json = 0; json < 2; json++) {
		char *argv[] = { "unshare", "--net", "--", (char *)ipcscope_path(), "load", "--kinds",
				 "tcp,udp,posix_mq", "--count", "1", "--duration", "1",
				 json ? "--json" : NULL, NULL };
		run_command(argv, &r);
		assert_int_equal(r.status, 0);
		if (!json) {
			static const char *const unmade[] = { "tcp", "udp" };
			for (size_t i = 0; i < sizeof(unmade) / sizeof(unmade[0]); i++) {
				char want[64];
				snprintf(want, sizeof(want), "\n%-10s not made: cannot use 127.0.0.1 (",
					 unmade[i]);
				if (!strstr(r.out, want))
					fail_msg("'%s' not in:\n%s", want + 1, r.out);
			}
			assert_non_null(strstr(r.out, "in a new network namespace: ip link set lo up\n"));
			assert_int_equal(table_row(r.out, "posix_mq").objects, 1);
			assert_non_null(strstr(r.out, "\nwarning: posix_mq: /dev/mqueue is not mounted"));
			run_result_free(&r);
			continue;
		}
		cJSON *manifest = cJSON_Parse(r.out);
		assert_non_null(manifest);
		cJSON *skipped = cJSON_GetObjectItem(manifest, "skipped");
		assert_int_equal(cJSON_GetArraySize(skipped), 2);
		for (int i = 0; i < 2; i++) {
			cJSON *s = cJSON_GetArrayItem(skipped, i);
			assert_string_equal(cJSON_GetObjectItem(s, "kind")->valuestring, i ? "udp" : "tcp");
			const char *reason = cJSON_GetObjectItem(s, "reason")->valuestring;
			if (strncmp(reason, "cannot use 127.0.0.1 (", 22) != 0 ||
			    !strstr(reason, "); in a new network namespace: ip link set lo up"))
				fail_msg("reason: %s", reason);
		}
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(manifest, "objects")), 1);
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(manifest, "warnings")), 1);
		cJSON_Delete(manifest);
		run_result_free(&r);
	}
	assert_int_equal(mount("none", "/dev/mqueue", "mqueue", 0, NULL), 0);
	assert_int_equal(entries("/dev/mqueue"), 0);
}

/* On a terminal, while making takes a while, a line says how far it got; the table replaces it. */
static void progress_on_a_terminal(void **state)
{
	(void)state;
	int master, slave;

	assert_int_equal(openpty(&master, &slave, NULL, NULL, NULL), 0);
	pid_t pid = fork_holder();
	if (pid == 0) {
		close(master);
		dup2(slave, STDOUT_FILENO);
		execl(ipcscope_path(), ipcscope_path(), "load", "--kinds", "fifo", "--count", "40000",
		      "--procs", "32", NULL);
		_exit(127);
	}
	close(slave);
	char *seen = read_until(master, "Holding them in ");
	char *progress = strstr(seen, "making fifo: ");
	if (!progress || !strstr(progress, " objects so far"))
		fail_msg("no progress line in: %.300s", seen);
	/* The last one is wiped before the table: "\r", then erase to the end of the line. */
	char *table = strstr(seen, "KIND ");
	assert_non_null(table);
	assert_true(table - seen >= 4 && strncmp(table - 4, "\r\033[K", 4) == 0);
	assert_true(progress < table);
	assert_int_equal(kill(pid, SIGTERM), 0);
	assert_int_equal(wait_exit(pid, 30), 0);
	close(master);
}

/* The manifest's workers, which must be `expected` many. */
static cJSON *workers_of(cJSON *manifest, int expected)
{
	cJSON *workers = cJSON_GetObjectItem(cJSON_GetObjectItem(manifest, "load"), "workers");
	assert_int_equal(cJSON_GetArraySize(workers), expected);
	return workers;
}

/* From 1 to 64 workers: with 64 each pipe's ends are in two of them, with 1 both in the one. */
static void procs_at_their_bounds(void **state)
{
	(void)state;
	struct running run = { 0 };
	static const char *const most[] = { "--kinds", "pipe", "--count", "64", "--procs", "64", NULL };
	static const char *const one[] = { "--kinds", "pipe", "--count", "3", "--procs", "1", NULL };

	start_load(&run, most);
	cJSON *workers = workers_of(run.manifest, 64), *w, *m;
	int i = 0;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(run.manifest, "objects"))
	{
		/* Pipe i: read end in worker i, write end in the next. */
		cJSON *holders = cJSON_GetObjectItem(m, "holders");
		int a = cJSON_GetArrayItem(workers, i)->valueint;
		int b = cJSON_GetArrayItem(workers, (i + 1) % 64)->valueint;
		assert_int_equal(cJSON_GetArraySize(holders), 2);
		int h0 = cJSON_GetArrayItem(holders, 0)->valueint, h1 = cJSON_GetArrayItem(holders, 1)->valueint;
		assert_true((h0 == a && h1 == b) || (h0 == b && h1 == a));
		i++;
	}
	assert_int_equal(i, 64);
	cJSON_ArrayForEach(w, workers)
		assert_int_equal(kill(w->valueint, 0), 0);
	stop_load(&run, SIGTERM);
	cJSON_Delete(run.manifest);

	start_load(&run, one);
	int only = cJSON_GetArrayItem(workers_of(run.manifest, 1), 0)->valueint;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(run.manifest, "objects"))
	{
		cJSON *holders = cJSON_GetObjectItem(m, "holders");
		assert_int_equal(cJSON_GetArraySize(holders), 1);
		assert_int_equal(cJSON_GetArrayItem(holders, 0)->valueint, only);
	}
	stop_load(&run, SIGTERM);
	cJSON_Delete(run.manifest);

	expect_usage_error("invalid number of processes '65': expected a number from 0 to 64", "load",
			   "--procs", "65", NULL);
	expect_usage_error("load needs at least one process (--procs 1)", "load", "--procs", "0", NULL);
}

/*
 * --count 0 makes none of a kind; a duration ends the load by itself,
 * after the manifest, with everything removed.
 */
static void count_zero_and_a_duration(void **state)
{
	(void)state;
	struct run_result r;
	struct timespec start, end;

	clock_gettime(CLOCK_MONOTONIC, &start);
	run_ipcscope(&r, "load", "--json", "--kinds", "pipe,fifo", "--count", "0", "--count",
		     "fifo=1", "--duration", "1", NULL);
	clock_gettime(CLOCK_MONOTONIC, &end);
	assert_int_equal(r.status, 0);
	assert_true(seconds_between(&start, &end) >= 1.0);
	cJSON *manifest = cJSON_Parse(r.out);
	assert_non_null(manifest);
	cJSON *objects = cJSON_GetObjectItem(manifest, "objects");
	assert_int_equal(cJSON_GetArraySize(objects), 1);
	cJSON *fifo = cJSON_GetArrayItem(objects, 0);
	assert_string_equal(cJSON_GetObjectItem(fifo, "kind")->valuestring, "fifo");
	struct stat st;
	assert_int_equal(stat(cJSON_GetObjectItem(fifo, "name")->valuestring, &st), -1);
	const char *dir = cJSON_GetObjectItem(cJSON_GetObjectItem(manifest, "load"), "dir")->valuestring;
	assert_int_equal(stat(dir, &st), -1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(manifest, "load"),
						     "stale_dir")));
	cJSON_Delete(manifest);
	run_result_free(&r);
}

/* Numbers out of range name the range; every usage error exits 2 with nothing on stdout. */
static void usage_errors_name_the_range(void **state)
{
	(void)state;
	expect_usage_error("invalid count '1000001': expected a number from 0 to 1000000", "load",
			   "--count", "1000001", NULL);
	expect_usage_error("invalid count '1000001': expected a number from 0 to 1000000", "load",
			   "--count", "pipe=1000001", NULL);
	expect_usage_error("invalid duration '31536001': expected a number from 0 to 31536000",
			   "load", "--duration", "31536001", NULL);
	expect_usage_error("load cannot make kind 'memfd'; it makes: ", "load", "--kinds",
			   "pipe,memfd", NULL);
	expect_usage_error("load takes no arguments; got 'pipe' (kinds go in --kind)", "load",
			   "pipe", NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(a_table_until_the_duration_ends, unmount_own_tmp),
		cmocka_unit_test(what_could_not_be_made_is_said),
		cmocka_unit_test(progress_on_a_terminal),
		cmocka_unit_test(procs_at_their_bounds),
		cmocka_unit_test(count_zero_and_a_duration),
		cmocka_unit_test(usage_errors_name_the_range),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     setup_group, NULL);
}
