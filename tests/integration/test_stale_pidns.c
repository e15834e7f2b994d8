/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope in a PID namespace of its own that shares the host's IPC
 * namespace (a container with --ipc=host, a pod with hostIPC): the kernel
 * gives it 0 for every pid that SysV objects recorded of a process
 * outside, so a queue, a semaphore set and a segment a running process
 * uses look "never used".  They must not be called stale, nor removed,
 * and ipcscope must say where it runs.
 */
#include "runner.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

struct used_objects {
	int msqid, semid, shmid;
};

/*
 * Makes a queue, a semaphore set and a segment, sends to the queue, raises
 * the semaphore, attaches and detaches the segment: each records its pid.
 */
static void use_objects(void *arg)
{
	struct used_objects *u = arg;
	struct {
		long type;
		char text[8];
	} msg = { 1, "hello" };
	struct sembuf up = { 0, 1, 0 };

	u->msqid = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	u->semid = semget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	u->shmid = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	if (msgsnd(u->msqid, &msg, sizeof(msg.text), 0) < 0 || semop(u->semid, &up, 1) < 0)
		_exit(1);
	void *at = shmat(u->shmid, NULL, 0);
	if (at == (void *)-1 || shmdt(at) < 0)
		_exit(1);
}

static cJSON *run_doc(bool own_pid_namespace, const char *command)
{
	char *argv[] = { "unshare", "--pid", "--fork", "--mount-proc", "--",
			 (char *)ipcscope_bin, (char *)command, "--json", "--kind",
			 "sysv_msg,sysv_sem,sysv_shm", command[0] == 'c' ? "--yes" : NULL, NULL };
	struct run_result r;

	run_command(own_pid_namespace ? argv : argv + 5, &r);
	if (r.status != 0)
		fail_msg("%s exited %d: %s", command, r.status, r.err);
	cJSON *doc = cJSON_Parse(r.out);
	if (!doc)
		fail_msg("%s did not write JSON: %s", command, r.out);
	run_result_free(&r);
	return doc;
}

/* Whether a listed object is `kind` with this id in our IPC namespace ("5", not "5@<ipcns>"). */
static bool is_ours(cJSON *o, const char *kind, int id)
{
	char want[16];

	snprintf(want, sizeof(want), "%d", id);
	return !strcmp(cJSON_GetObjectItem(o, "kind")->valuestring, kind) &&
	       !strcmp(cJSON_GetObjectItem(o, "id")->valuestring, want);
}

/* The stale objects of a `stale --json` document among ours. */
static int stale_of_ours(cJSON *doc, const struct used_objects *u)
{
	cJSON *o;
	int n = 0;

	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
		n += is_ours(o, "sysv_msg", u->msqid) || is_ours(o, "sysv_sem", u->semid) ||
		     is_ours(o, "sysv_shm", u->shmid);
	return n;
}

static bool all_there(const struct used_objects *u)
{
	struct msqid_ds m;
	struct semid_ds s;
	struct shmid_ds h;

	return msgctl(u->msqid, IPC_STAT, &m) == 0 && semctl(u->semid, 0, IPC_STAT, &s) == 0 &&
	       shmctl(u->shmid, IPC_STAT, &h) == 0;
}

static void objects_used_from_outside_are_not_stale_nor_removed(void **state)
{
	(void)state;
	need_private_namespaces(); /* the clean below would judge the machine's own objects */
	struct used_objects u;
	pid_t user = spawn_reporting_holder(use_objects, &u, sizeof(u));
	assert_true(u.msqid >= 0 && u.semid >= 0 && u.shmid >= 0);

	/* Seen from inside: every recorded pid is outside, so unknown. */
	cJSON *doc = run_doc(true, "list");
	assert_true(has_warning(doc, "PID namespace other than the host's"));
	char shmid[16];
	snprintf(shmid, sizeof(shmid), "%d", u.shmid);
	cJSON *shm = find_object(doc, "sysv_shm", "id", shmid);
	assert_non_null(shm);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(shm, "cpid")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(shm, "lpid")));
	cJSON_Delete(doc);
	doc = run_doc(false, "list");
	shm = find_object(doc, "sysv_shm", "id", shmid);
	assert_int_equal((int)json_number(shm, "lpid"), user);
	cJSON_Delete(doc);

	doc = run_doc(true, "stale");
	assert_int_equal(stale_of_ours(doc, &u), 0);
	assert_true(has_warning(doc, "PID namespace other than the host's"));
	cJSON_Delete(doc);

	doc = run_doc(true, "clean");
	cJSON_Delete(doc);
	assert_true(all_there(&u));

	/* From the host's namespace the same objects are in use, and nothing is said. */
	doc = run_doc(false, "stale");
	assert_int_equal(stale_of_ours(doc, &u), 0);
	assert_false(has_warning(doc, "PID namespace"));
	cJSON_Delete(doc);

	/* Once their user is gone the host sees all three stale; inside, it still cannot tell. */
	stop_holder(user);
	doc = run_doc(false, "stale");
	assert_int_equal(stale_of_ours(doc, &u), 3);
	cJSON_Delete(doc);
	doc = run_doc(true, "stale");
	assert_int_equal(stale_of_ours(doc, &u), 0);
	cJSON_Delete(doc);

	msgctl(u.msqid, IPC_RMID, NULL);
	semctl(u.semid, 0, IPC_RMID);
	shmctl(u.shmid, IPC_RMID, NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(objects_used_from_outside_are_not_stale_nor_removed),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
