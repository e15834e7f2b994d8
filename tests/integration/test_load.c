/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope load: everything its manifest names is found by `list` with the
 * holders the manifest gives, and nothing is left once it is stopped.
 */
#include "runner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A fresh /dev/shm and an mqueue mount of our own, and loopback up. */
static int setup_group(void **state)
{
	(void)state;
	if (!private_namespaces())
		return 0; /* every test skips: removing "everything" needs a world of our own */
	assert_int_equal(mount("none", "/dev/shm", "tmpfs", 0, "mode=1777"), 0);
	mkdir("/dev/mqueue", 0755);
	assert_int_equal(mount("none", "/dev/mqueue", "mqueue", 0, NULL), 0);
	return bring_up_loopback(state);
}

static bool holds(cJSON *object, int pid)
{
	cJSON *h;
	cJSON_ArrayForEach(h, cJSON_GetObjectItem(object, "holders"))
	{
		if (json_number(h, "pid") == pid)
			return true;
	}
	return false;
}

/* The listed lock on `path` that is (or is not) a blocked request, held by `pid`. */
static cJSON *listed_lock(cJSON *doc, const char *path, bool blocked, int pid)
{
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		cJSON *name = cJSON_GetObjectItem(o, "name");
		if (strcmp(cJSON_GetObjectItem(o, "kind")->valuestring, "lock") == 0 &&
		    cJSON_IsString(name) && strcmp(name->valuestring, path) == 0 &&
		    cJSON_IsTrue(cJSON_GetObjectItem(o, "blocked")) == blocked && holds(o, pid))
			return o;
	}
	return NULL;
}

/* Every object the manifest names is listed, held by the processes it names. */
static void check_manifest_against_list(cJSON *manifest, cJSON *doc, size_t *checked)
{
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(manifest, "objects"))
	{
		const char *kind = cJSON_GetObjectItem(m, "kind")->valuestring;
		cJSON *id = cJSON_GetObjectItem(m, "id"), *name = cJSON_GetObjectItem(m, "name");
		cJSON *holders = cJSON_GetObjectItem(m, "holders"), *h;
		cJSON *waiters = cJSON_GetObjectItem(m, "waiters"), *w;

		if (cJSON_IsTrue(cJSON_GetObjectItem(m, "stale")))
			continue;
		if (strcmp(kind, "lock") == 0) {
			/* Lock numbers are not known in advance: by file, holder and waiter. */
			cJSON_ArrayForEach(h, holders)
			{
				if (!listed_lock(doc, name->valuestring, false, h->valueint))
					fail_msg("lock on %s held by %d not listed", name->valuestring,
						 h->valueint);
			}
			cJSON_ArrayForEach(w, waiters)
			{
				if (!listed_lock(doc, name->valuestring, true, w->valueint))
					fail_msg("%d's request on %s not listed", w->valueint,
						 name->valuestring);
			}
			(*checked)++;
			continue;
		}
		cJSON *o = find_object(doc, kind, "id", id->valuestring);
		if (!o)
			fail_msg("%s %s from the manifest is not listed", kind, id->valuestring);
		if (cJSON_IsString(name))
			assert_string_equal(cJSON_GetObjectItem(o, "name")->valuestring, name->valuestring);
		cJSON_ArrayForEach(h, holders)
		{
			if (!holds(o, h->valueint))
				fail_msg("%s %s: holder %d not listed", kind, id->valuestring, h->valueint);
		}
		if (strcmp(kind, "pipe") == 0 || strcmp(kind, "fifo") == 0)
			assert_int_equal(json_number(o, "queued"), 100);
		/* A semaphore set's waiter is what the kernel counts as waiting. */
		if (strcmp(kind, "sysv_sem") == 0)
			assert_int_equal(json_number(o, "waiting"), cJSON_GetArraySize(waiters));
		(*checked)++;
	}
}

static void every_kind_listed_then_removed(void **state)
{
	(void)state;
	struct running run = { 0 };
	struct run_result r;
	size_t checked = 0;
	static const char *const args[] = { "--count", "2", "--procs", "3", NULL };

	need_private_namespaces();
	start_load(&run, args);
	cJSON *skipped = cJSON_GetObjectItem(run.manifest, "skipped");
	if (cJSON_GetArraySize(skipped) != 0)
		fail_msg("kinds not made: %s", cJSON_PrintUnformatted(skipped));
	const char *dir = cJSON_GetObjectItem(cJSON_GetObjectItem(run.manifest, "load"), "dir")
				  ->valuestring;
	char *dir_copy = strdup(dir);

	/* Every kind it makes is there. */
	static const char *const kinds[] = { "pipe", "fifo", "unix", "tcp", "udp", "sysv_shm",
					     "sysv_msg", "sysv_sem", "posix_shm", "posix_sem",
					     "posix_mq", "lock" };
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		bool found = false;
		cJSON *m;
		cJSON_ArrayForEach(m, cJSON_GetObjectItem(run.manifest, "objects"))
			found |= strcmp(cJSON_GetObjectItem(m, "kind")->valuestring, kinds[k]) == 0;
		if (!found)
			fail_msg("the manifest has no %s", kinds[k]);
	}

	/* The waiters need a moment to block; list until they all show. */
	for (int tries = 0;; tries++) {
		cJSON *doc = list_kind(&r, "--kind=pipe,fifo,unix,tcp,udp,sysv_shm,sysv_msg,sysv_sem,"
					   "posix_shm,posix_sem,posix_mq,lock");
		checked = 0;
		bool ok = true;
		if (tries < 50) {
			/* A quiet first pass: retry while something is still on its way. */
			cJSON *m;
			cJSON_ArrayForEach(m, cJSON_GetObjectItem(run.manifest, "objects"))
			{
				cJSON *w;
				cJSON_ArrayForEach(w, cJSON_GetObjectItem(m, "waiters"))
				{
					const char *kind = cJSON_GetObjectItem(m, "kind")->valuestring;
					if (strcmp(kind, "lock") == 0 &&
					    !listed_lock(doc, cJSON_GetObjectItem(m, "name")->valuestring,
							 true, w->valueint))
						ok = false;
				}
			}
		}
		if (ok) {
			check_manifest_against_list(run.manifest, doc, &checked);
			cJSON_Delete(doc);
			run_result_free(&r);
			break;
		}
		cJSON_Delete(doc);
		run_result_free(&r);
		usleep(20 * 1000);
	}
	assert_true(checked >= 12 * 2);

	/* A worker that dies early changes nothing about the clean-up. */
	cJSON *workers = cJSON_GetObjectItem(cJSON_GetObjectItem(run.manifest, "load"), "workers");
	assert_int_equal(cJSON_GetArraySize(workers), 3);
	kill(cJSON_GetArrayItem(workers, 1)->valueint, SIGKILL);
	stop_load(&run, SIGTERM);

	assert_int_equal(sysvipc_rows("shm"), 0);
	assert_int_equal(sysvipc_rows("msg"), 0);
	assert_int_equal(sysvipc_rows("sem"), 0);
	assert_int_equal(entries("/dev/shm"), 0);
	assert_int_equal(entries("/dev/mqueue"), 0);
	struct stat st;
	assert_int_equal(stat(dir_copy, &st), -1);
	/* And none of its processes is left. */
	cJSON *w;
	cJSON_ArrayForEach(w, workers)
		assert_int_equal(kill(w->valueint, 0), -1);
	free(dir_copy);
	cJSON_Delete(run.manifest);
}

/* --stale leaves exactly what the manifest marks stale, also when stopped with ^C. */
static void stale_objects_stay(void **state)
{
	(void)state;
	struct running run = { 0 };
	static const char *const args[] = { "--kinds", "pipe", "--count", "1", "--stale", NULL };

	need_private_namespaces();
	start_load(&run, args);
	const char *stale_dir =
		cJSON_GetObjectItem(cJSON_GetObjectItem(run.manifest, "load"), "stale_dir")->valuestring;
	char *stale_copy = strdup(stale_dir);
	size_t nstale = 0;
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(run.manifest, "objects"))
		nstale += cJSON_IsTrue(cJSON_GetObjectItem(m, "stale"));
	assert_int_equal(nstale, 4);
	stop_load(&run, SIGINT);

	/* A segment attached by nobody, a /dev/shm object, a FIFO and a socket path. */
	assert_int_equal(sysvipc_rows("shm"), 1);
	assert_int_equal(entries("/dev/shm"), 1);
	assert_int_equal(entries(stale_copy), 2);

	struct run_result r;
	cJSON *doc = list_kind(&r, "sysv_shm");
	cJSON *seg = cJSON_GetArrayItem(cJSON_GetObjectItem(doc, "objects"), 0);
	assert_non_null(seg);
	assert_int_equal(json_number(seg, "nattch"), 0);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(seg, "cpid_alive")));
	cJSON_Delete(doc);
	run_result_free(&r);

	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf %s /dev/shm/* && ipcrm --all=shm", stale_copy);
	assert_int_equal(system(cmd), 0);
	free(stale_copy);
	cJSON_Delete(run.manifest);
}

/* --count KIND=N sets that kind's count; a plain --count every other kind's. */
static void counts_per_kind(void **state)
{
	(void)state;
	struct running run = { 0 };
	static const char *const args[] = { "--kinds", "pipe,fifo", "--count", "pipe=3",
					    "--count", "1", "--duration", "0", NULL };
	size_t pipes = 0, fifos = 0;
	cJSON *m;

	start_load(&run, args);
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(run.manifest, "objects"))
	{
		const char *kind = cJSON_GetObjectItem(m, "kind")->valuestring;
		pipes += strcmp(kind, "pipe") == 0;
		fifos += strcmp(kind, "fifo") == 0;
	}
	assert_int_equal(pipes, 3);
	assert_int_equal(fifos, 1);
	stop_load(&run, SIGTERM);
	cJSON_Delete(run.manifest);
}

/* Load directories in /tmp, to see that a failed load leaves none. */
static size_t load_dirs(void)
{
	size_t n = 0;
	DIR *d = opendir("/tmp");
	struct dirent *de;

	assert_non_null(d);
	while ((de = readdir(d)))
		n += strncmp(de->d_name, "ipcscope-load.", 14) == 0;
	closedir(d);
	return n;
}

/*
 * Each worker gets its share as it is made, so a load holds more descriptors
 * than one process may: 3,000 pipe ends under a limit of 2,000, and none of
 * them in the load process itself.
 */
static void more_descriptors_than_one_process_may_hold(void **state)
{
	(void)state;
	struct running run = { .nofile = 2000 };
	struct run_result r;
	static const char *const args[] = { "--kinds", "pipe", "--count", "1500", "--procs", "4",
					    NULL };

	start_load(&run, args);
	int load_pid = (int)json_number(cJSON_GetObjectItem(run.manifest, "load"), "pid");
	cJSON *doc = list_kind(&r, "pipe");
	size_t found = 0;
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(run.manifest, "objects"))
	{
		cJSON *o = find_object(doc, "pipe", "id", cJSON_GetObjectItem(m, "id")->valuestring);
		if (!o)
			continue;
		found++;
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 2);
		assert_false(holds(o, load_pid));
	}
	assert_int_equal(found, 1500);
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_load(&run, SIGTERM);
	cJSON_Delete(run.manifest);
}

/* A limit that stops the making is named, exit 1, and what was made is removed. */
static void a_limit_is_named_and_nothing_stays(void **state)
{
	(void)state;
	struct run_result r;
	char *argv[] = { "prlimit", "--nofile=200:200", "--", (char *)ipcscope_bin, "load",
			 "--kinds", "fifo,pipe", "--count", "300", "--procs", "1",
			 "--duration", "5", NULL };
	size_t before = load_dirs();

	run_command(argv, &r);
	assert_int_equal(r.status, 1);
	assert_string_equal(r.out, "");
	if (!strstr(r.err, "RLIMIT_NOFILE") || !strstr(r.err, "200 descriptors"))
		fail_msg("the limit is not named: %s", r.err);
	run_result_free(&r);
	assert_int_equal(load_dirs(), before);
}

/* Without /dev/mqueue the queues are still made, and the manifest says how to see them all. */
static void unmounted_mqueue_is_said(void **state)
{
	(void)state;
	struct running run = { 0 };
	struct run_result r;
	static const char *const args[] = { "--kinds", "posix_mq", "--count", "2", NULL };

	need_private_namespaces();
	assert_int_equal(umount("/dev/mqueue"), 0);
	start_load(&run, args);
	cJSON *warnings = cJSON_GetObjectItem(run.manifest, "warnings");
	assert_int_equal(cJSON_GetArraySize(warnings), 1);
	assert_non_null(strstr(cJSON_GetArrayItem(warnings, 0)->valuestring,
			       "mount -t mqueue none /dev/mqueue"));
	cJSON *doc = list_kind(&r, "posix_mq");
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(run.manifest, "objects"))
	{
		cJSON *o = find_object(doc, "posix_mq", "name",
				       cJSON_GetObjectItem(m, "name")->valuestring);
		assert_non_null(o);
		assert_int_equal(json_number(o, "messages"), 2);
	}
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_load(&run, SIGTERM);
	assert_int_equal(mount("none", "/dev/mqueue", "mqueue", 0, NULL), 0);
	assert_int_equal(entries("/dev/mqueue"), 0);
	cJSON_Delete(run.manifest);
}

/* A tmpfs out of inodes is named by its nr_inodes, and nothing of the load stays in it. */
static void tmpfs_inodes_are_named(void **state)
{
	(void)state;
	static const char *const kinds[] = { "posix_shm", "posix_sem" };

	need_private_namespaces();
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		struct run_result r;
		assert_int_equal(mount("none", "/dev/shm", "tmpfs", 0, "mode=1777,nr_inodes=6"), 0);
		run_ipcscope(&r, "load", "--kinds", kinds[i], "--count", "20", "--duration", "1",
			     NULL);
		assert_int_equal(r.status, 1);
		assert_string_equal(r.out, "");
		if (!strstr(r.err, "No space left on device") ||
		    !strstr(r.err, "the inodes of the tmpfs on /dev/shm (nr_inodes=6"))
			fail_msg("%s: the limit is not named: %s", kinds[i], r.err);
		run_result_free(&r);
		assert_int_equal(entries("/dev/shm"), 0);
		assert_int_equal(umount("/dev/shm"), 0);
	}
}

/*
 * A stop signal while objects are still being made ends the making at once
 * and removes what was made: no manifest, exit 1, and no file left.
 */
static void a_signal_while_making_stops_it(void **state)
{
	(void)state;
	struct running run = { 0 };
	struct timespec start, now;
	/* Making all 60,000 FIFOs takes seconds; each worker's share of their
	 * 120,000 ends fits under RLIMIT_NOFILE, so only the signal ends it. */
	static const char *const args[] = { "load", "--json", "--kinds", "fifo", "--count", "60000",
					    "--procs", "16", NULL };

	need_private_namespaces();
	/* A /tmp of our own, so that "nothing left" counts only this load's files. */
	mount_own_tmp(NULL);
	spawn_ipcscope(&run, args);
	wait_for_entry("/tmp"); /* its directory, being filled */
	assert_true(entries("/tmp") == 1);
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_int_equal(kill(run.pid, SIGINT), 0);
	int status = wait_exit(run.pid, 5);
	clock_gettime(CLOCK_MONOTONIC, &now);
	double took = (double)(now.tv_sec - start.tv_sec) + (double)(now.tv_nsec - start.tv_nsec) / 1e9;
	char buf[64];
	ssize_t n = read(run.out, buf, sizeof(buf));
	close(run.out);
	close(run.err);
	assert_int_equal(status, 1);
	assert_int_equal(n, 0); /* never ready: no manifest */
	assert_int_equal(entries("/tmp"), 0);
	if (took > 2.0)
		fail_msg("the load took %.1f s to stop after SIGINT", took);
}

static void bad_input(void **state)
{
	(void)state;
	struct run_result r;
	static const char *const cases[][3] = {
		{ "--kinds", "bogus", NULL }, { "--procs", "0", NULL }, { "--count", "-1", NULL },
		{ "--duration", "soon", NULL }, { "extra", NULL, NULL }, { "--kinds", "raw", NULL },
		{ "--count", "bogus=3", NULL }, { "--count", "pipe=x", NULL }, { "--count", "=3", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_ipcscope(&r, "load", cases[i][0], cases[i][1], cases[i][2], NULL);
		assert_int_equal(r.status, 2);
		assert_string_equal(r.out, "");
		assert_non_null(strstr(r.err, "ipcscope"));
		run_result_free(&r);
	}
	/* An empty list would make nothing and hold it: bounded, so the old way fails fast. */
	expect_usage_error("no kind given in --kind ''", "load", "--kinds", "", "--duration", "1",
			   NULL);
	expect_usage_error("no kind given in --kind ','", "load", "--kinds", ",", "--duration", "1",
			   NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_kind_listed_then_removed),
		cmocka_unit_test(stale_objects_stay),
		cmocka_unit_test(more_descriptors_than_one_process_may_hold),
		cmocka_unit_test(a_limit_is_named_and_nothing_stays),
		cmocka_unit_test(counts_per_kind),
		cmocka_unit_test(unmounted_mqueue_is_said),
		cmocka_unit_test(tmpfs_inodes_are_named),
		cmocka_unit_test_teardown(a_signal_while_making_stops_it, unmount_own_tmp),
		cmocka_unit_test(bad_input),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     setup_group, NULL);
}
