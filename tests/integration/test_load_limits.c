/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope load where the system says no: each limit that stops the making
 * is named, with how far it got, the load exits 1, and nothing it made is
 * left.  And its children dying: a waiter or a worker that dies once the
 * load is ready is reported and the rest stays held; a worker that dies
 * while the load is still making stops it.  In namespaces of our own, so
 * that limits can be lowered and "nothing left" counts only the load's.
 */
#include "runner.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh /dev/shm and an mqueue mount of our own. */
static int setup_group(void **state)
{
	(void)state;
	if (!private_namespaces())
		return 0; /* every test skips */
	assert_int_equal(mount("none", "/dev/shm", "tmpfs", 0, "mode=1777"), 0);
	mkdir("/dev/mqueue", 0755);
	assert_int_equal(mount("none", "/dev/mqueue", "mqueue", 0, NULL), 0);
	return bring_up_loopback(state);
}

/* `ipcscope load ARGS...` run to its end, which must be exit 1 naming `limit`, all removed. */
static void expect_stopped(const char *limit, char *const argv[])
{
	struct run_result r;

	run_command(argv, &r);
	if (r.status != 1 || !strstr(r.err, limit))
		fail_msg("exited %d, expected 1 and '%s' on stderr: %s", r.status, limit, r.err);
	assert_string_equal(r.out, "");
	run_result_free(&r);
	assert_int_equal(sysvipc_rows("shm"), 0);
	assert_int_equal(sysvipc_rows("msg"), 0);
	assert_int_equal(sysvipc_rows("sem"), 0);
	assert_int_equal(entries("/dev/shm"), 0);
	assert_int_equal(entries("/dev/mqueue"), 0);
}

/* A sysctl of our IPC namespace: its text, and setting it. */
static void read_sysctl(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, (int)size, f));
	fclose(f);
}

static void write_sysctl(const char *path, const char *value)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(value, f);
	assert_int_equal(fclose(f), 0);
}

/*
 * Each SysV kind and POSIX queues at their namespace's limit, and queues at
 * RLIMIT_MSGQUEUE.  Root with CAP_SYS_RESOURCE may pass queues_max and
 * raise the rlimit: the load runs without it.
 */
static void ipc_limits_are_named(void **state)
{
	(void)state;
	static const struct {
		const char *kind, *sysctl, *value, *limit;
	} limits[] = {
		{ "sysv_shm", "/proc/sys/kernel/shmmni", "1",
		  "sysv_shm: stopped after 1 of 3: No space left on device; the limit is "
		  "kernel.shmmni or kernel.shmall" },
		{ "sysv_msg", "/proc/sys/kernel/msgmni", "1",
		  "sysv_msg: stopped after 1 of 3: No space left on device; the limit is kernel.msgmni" },
		{ "sysv_sem", "/proc/sys/kernel/sem", "250 32000 32 1",
		  "sysv_sem: stopped after 1 of 3: No space left on device; the limit is kernel.sem "
		  "(SEMMNI, SEMMNS)" },
		{ "posix_mq", "/proc/sys/fs/mqueue/queues_max", "1",
		  "posix_mq: stopped after 1 of 3: No space left on device; the limit is "
		  "fs.mqueue.queues_max" },
	};

	need_private_namespaces();
	need_setpriv();
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		char saved[128];
		char *argv[] = { "setpriv", "--bounding-set=-sys_resource", (char *)ipcscope_path(),
				 "load", "--kinds", (char *)limits[i].kind, "--count", "3", NULL };
		read_sysctl(limits[i].sysctl, saved, sizeof(saved));
		write_sysctl(limits[i].sysctl, limits[i].value);
		expect_stopped(limits[i].limit, argv);
		write_sysctl(limits[i].sysctl, saved);
	}
	/* A queue's bytes count against RLIMIT_MSGQUEUE: 1,000 is less than one queue. */
	char *argv[] = { "setpriv", "--bounding-set=-sys_resource", "prlimit", "--msgqueue=1000", "--",
			 (char *)ipcscope_path(), "load", "--kinds", "posix_mq", "--count", "3", NULL };
	expect_stopped("posix_mq: stopped after 0 of 3: Too many open files; the limit is "
		       "RLIMIT_NOFILE (",
		       argv);
	expect_stopped(") or RLIMIT_MSGQUEUE (ulimit -q)", argv);
}

/*
 * A /tmp without a free inode: the kinds that make files there are stopped,
 * and the message names the tmpfs's nr_inodes and how to raise it.
 */
static void a_full_tmp_is_named(void **state)
{
	(void)state;
	static const char *const kinds[] = { "fifo", "lock", "unix" };

	need_private_namespaces();
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct run_result r;
		/* Its root and the load's directory take both inodes. */
		mount_own_tmp("mode=1777,nr_inodes=2");
		run_ipcscope(&r, "load", "--kinds", kinds[i], "--count", "2", NULL);
		size_t left = entries("/tmp");
		unmount_own_tmp(NULL);
		char want[96];
		snprintf(want, sizeof(want), "%s: stopped after %s of 2: No space left on device", kinds[i],
			 strcmp(kinds[i], "unix") == 0 ? "2" : "0");
		if (r.status != 1 || !strstr(r.err, want) ||
		    !strstr(r.err, "the limit is the inodes of the tmpfs on /tmp/ipcscope-load.") ||
		    !strstr(r.err, "(nr_inodes=2, 0 free; e.g. mount -o remount,nr_inodes=4 "))
			fail_msg("%s: exited %d; expected 1 and '%s' naming nr_inodes: %s", kinds[i],
				 r.status, want, r.err);
		assert_string_equal(r.out, "");
		assert_int_equal(left, 0);
		run_result_free(&r);
	}
}

/* `load --procs 64 --kinds KIND --count 2` under RLIMIT_NOFILE `nofile`, without the power to raise it. */
static void load_under_nofile(struct run_result *r, const char *kind, int nofile)
{
	char limit[32];
	snprintf(limit, sizeof(limit), "--nofile=%d:%d", nofile, nofile);
	char *argv[] = { "setpriv", "--bounding-set=-sys_resource", "prlimit", limit, "--",
			 (char *)ipcscope_path(), "load", "--kinds", (char *)kind, "--count", "2",
			 "--procs", "64", "--duration", "1", NULL };
	run_command(argv, r);
}

/*
 * The load keeps a channel to each worker: with 64 of them, the fewest
 * descriptors that start them all leave one free, and each kind that needs
 * two at once in the load (the ends of a pipe, a FIFO or a socket pair, a
 * listener and its client) is stopped at its first object, naming
 * RLIMIT_NOFILE with its value.
 */
static void too_few_descriptors_for_the_load_itself(void **state)
{
	(void)state;
	static const char *const kinds[] = { "pipe", "fifo", "unix", "tcp" };
	struct run_result r;
	int nofile = 64;

	need_private_namespaces();
	need_setpriv();
	mount_own_tmp(NULL);
	/* The fewest that start every worker: then making a pipe fails, not a channel. */
	for (;; nofile++) {
		if (nofile > 100)
			fail_msg("the load cannot start 64 workers under 100 descriptors");
		load_under_nofile(&r, "pipe", nofile);
		bool channel = strstr(r.err, "cannot make a channel to worker") != NULL;
		if (!channel)
			break;
		assert_int_equal(r.status, 1);
		run_result_free(&r);
	}
	run_result_free(&r);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char want[160];
		load_under_nofile(&r, kinds[i], nofile);
		snprintf(want, sizeof(want),
			 "load: %s: stopped after 0 of 2: Too many open files; the limit is "
			 "RLIMIT_NOFILE, %d descriptors here",
			 kinds[i], nofile);
		if (r.status != 1 || !strstr(r.err, want))
			fail_msg("exited %d, expected 1 and '%s': %s", r.status, want, r.err);
		assert_int_equal(entries("/tmp"), 0);
		run_result_free(&r);
	}
}

/* The manifest's waiters of the first object of `kind`. */
static cJSON *waiters_of(cJSON *manifest, const char *kind, const char **name)
{
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(manifest, "objects"))
	{
		if (strcmp(cJSON_GetObjectItem(m, "kind")->valuestring, kind) != 0)
			continue;
		cJSON *n = cJSON_GetObjectItem(m, "name");
		*name = cJSON_IsString(n) ? n->valuestring : "";
		return cJSON_GetObjectItem(m, "waiters");
	}
	fail_msg("no %s in the manifest", kind);
	return NULL;
}

/*
 * Once the load is ready, a waiter or a worker killed is reported on
 * stderr, the rest stays held, and a stop still removes everything.
 */
static void a_child_that_dies_is_reported(void **state)
{
	(void)state;
	struct running run = { .capture_err = true };
	struct run_result r;
	static const char *const args[] = { "--kinds", "lock,sysv_sem", "--count", "1", "--procs",
					    "2", NULL };
	const char *lock_path, *unnamed;
	char want[256];

	need_private_namespaces();
	start_load(&run, args);
	cJSON *lock_waiters = waiters_of(run.manifest, "lock", &lock_path);
	cJSON *sem_waiters = waiters_of(run.manifest, "sysv_sem", &unnamed);
	int lock_waiter = cJSON_GetArrayItem(lock_waiters, 0)->valueint;
	int sem_waiter = cJSON_GetArrayItem(sem_waiters, 0)->valueint;
	cJSON *workers = cJSON_GetObjectItem(cJSON_GetObjectItem(run.manifest, "load"), "workers");
	int worker = cJSON_GetArrayItem(workers, 1)->valueint;

	assert_int_equal(kill(lock_waiter, SIGKILL), 0);
	snprintf(want, sizeof(want), "load: the waiter (pid %d) on lock %s ended early (killed by signal 9)",
		 lock_waiter, lock_path);
	read_until(run.err, want);
	assert_int_equal(kill(sem_waiter, SIGKILL), 0);
	snprintf(want, sizeof(want), "load: the waiter (pid %d) on sysv_sem  ended early (killed by signal 9)",
		 sem_waiter);
	read_until(run.err, want);
	assert_int_equal(kill(worker, SIGKILL), 0);
	snprintf(want, sizeof(want),
		 "load: worker 1 (pid %d) ended early (killed by signal 9); what it held is closed, "
		 "the rest is still held",
		 worker);
	read_until(run.err, want);

	/* The set is still there, now with nobody waiting on it. */
	cJSON *doc = list_kind(&r, "sysv_sem");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "objects")), 1);
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_load(&run, SIGTERM);
	assert_int_equal(sysvipc_rows("sem"), 0);
	cJSON_Delete(run.manifest);
}

/* The first child of a process, by /proc/PID/task/PID/children; 0 for none yet. */
static pid_t first_child(pid_t pid)
{
	char path[64];
	int child = 0;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid, (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	if (fscanf(f, "%d", &child) != 1)
		child = 0;
	fclose(f);
	return child;
}

/* A worker killed while the load is still making: the load stops, says so, and removes all. */
static void a_worker_lost_while_making_stops_it(void **state)
{
	(void)state;
	struct running run = { .capture_err = true };
	static const char *const args[] = { "load", "--kinds", "fifo", "--count", "60000", "--procs",
					    "2", NULL };
	pid_t worker;

	need_private_namespaces();
	mount_own_tmp(NULL);
	spawn_ipcscope(&run, args);
	wait_for_entry("/tmp"); /* making */
	while (!(worker = first_child(run.pid)))
		usleep(1000);
	assert_int_equal(kill(worker, SIGKILL), 0);
	int status = wait_exit(run.pid, 10);
	char *err = read_until(run.err, "\n");
	close(run.out);
	close(run.err);
	assert_int_equal(status, 1);
	char pid[32];
	snprintf(pid, sizeof(pid), "(pid %d)", (int)worker);
	if (!strstr(err, "load: ") || !strstr(err, pid) ||
	    (!strstr(err, "ended early") && !strstr(err, "cannot reach worker")))
		fail_msg("the lost worker %s is not named: %s", pid, err);
	assert_int_equal(entries("/tmp"), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipc_limits_are_named),
		cmocka_unit_test_teardown(a_full_tmp_is_named, unmount_own_tmp),
		cmocka_unit_test_teardown(too_few_descriptors_for_the_load_itself, unmount_own_tmp),
		cmocka_unit_test(a_child_that_dies_is_reported),
		cmocka_unit_test_teardown(a_worker_lost_while_making_stops_it, unmount_own_tmp),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     setup_group, NULL);
}
