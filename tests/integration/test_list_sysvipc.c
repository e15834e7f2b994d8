/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SysV shared memory, message queues and semaphore sets made here, listed
 * from /proc/sysvipc and again from the *_STAT calls; and a segment of a
 * child IPC namespace whose id is also one of ours.
 */
#include "runner.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHM_KEY 0x0a11ce01
#define MSG_KEY 0x0a11ce02
#define SEM_KEY 0x0a11ce03

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

/* The listing, from /proc/sysvipc or, with the variable set, from the *_STAT calls. */
static cJSON *list_json(struct run_result *r, const char *kind, bool from_syscalls)
{
	if (from_syscalls)
		setenv("IPCSCOPE_PROC_SYSVIPC", "off", 1);
	cJSON *doc = list_kind(r, kind);
	unsetenv("IPCSCOPE_PROC_SYSVIPC");
	return doc;
}

static cJSON *object_with_id(cJSON *doc, const char *kind, int id)
{
	char want[16];

	snprintf(want, sizeof(want), "%d", id);
	return find_object(doc, kind, "id", want);
}

static bool is_true(cJSON *o, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItem(o, key));
}

static bool is_null(cJSON *o, const char *key)
{
	return cJSON_IsNull(cJSON_GetObjectItem(o, key));
}

static const char *text(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(o, key);
	if (!cJSON_IsString(v))
		fail_msg("%s is not a string", key);
	return v->valuestring;
}

static int clean_keys(void **state)
{
	(void)state;
	int id;
	if ((id = shmget(SHM_KEY, 0, 0)) >= 0)
		shmctl(id, IPC_RMID, NULL);
	if ((id = msgget(MSG_KEY, 0)) >= 0)
		msgctl(id, IPC_RMID, NULL);
	if ((id = semget(SEM_KEY, 0, 0)) >= 0)
		semctl(id, 0, IPC_RMID);
	return 0;
}

static int attach_id;

static void attach_read_only(void *arg)
{
	(void)arg;
	if (shmat(attach_id, NULL, SHM_RDONLY) == (void *)-1)
		_exit(1);
}

static void check_shared_segment(bool from_syscalls)
{
	struct run_result r;
	int id = shmget(SHM_KEY, 8192, IPC_CREAT | IPC_EXCL | 0640);
	assert_true(id >= 0);
	attach_id = id;
	/* The child first, so it does not inherit our attachment. */
	pid_t child = spawn_holder(attach_read_only, NULL);
	void *mine = shmat(id, NULL, 0);
	assert_true(mine != (void *)-1);

	cJSON *doc = list_json(&r, "sysv_shm", from_syscalls);
	cJSON *o = object_with_id(doc, "sysv_shm", id);
	if (!o)
		fail_msg("segment %d not listed in:\n%s", id, r.out);
	assert_string_equal(text(o, "name"), "0x0a11ce01");
	assert_string_equal(text(o, "key"), "0x0a11ce01");
	assert_int_equal(json_number(o, "shmid"), id);
	assert_true(json_number(o, "ipcns") == (double)own_namespace("ipc"));
	assert_int_equal(json_number(o, "size"), 8192);
	assert_string_equal(text(o, "mode"), "0640");
	assert_int_equal(json_number(o, "uid"), geteuid());
	assert_int_equal(json_number(o, "cuid"), geteuid());
	assert_int_equal(json_number(o, "nattch"), 2);
	assert_int_equal(json_number(o, "cpid"), getpid());
	assert_true(is_true(o, "cpid_alive"));
	/* The last attach or detach: ours, or that of the forked child that ran
	 * ipcscope, which inherited the attachment and dropped it at exec. */
	assert_true(json_number(o, "lpid") > 0);
	assert_true(cJSON_IsBool(cJSON_GetObjectItem(o, "lpid_alive")));
	assert_false(is_true(o, "destroy"));
	assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "atime")));
	assert_int_equal(strlen(text(o, "ctime")), strlen("2026-11-23T13:16:21Z"));
	if (from_syscalls) {
		assert_true(is_null(o, "rss"));
		assert_true(is_null(o, "swap"));
	} else {
		assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "rss")));
	}

	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 2);
	assert_non_null(find_map_holder(o, getpid(), "rw"));
	assert_non_null(find_map_holder(o, child, "r"));
	cJSON_Delete(doc);
	run_result_free(&r);

	stop_holder(child);
	shmdt(mine);
	shmctl(id, IPC_RMID, NULL);
}

/* Attached by two processes, one of them read-only. */
static void segment_attached_by_two(void **state)
{
	(void)state;
	check_shared_segment(false);
}

static void segment_attached_by_two_from_syscalls(void **state)
{
	(void)state;
	check_shared_segment(true);
}

/* Removed while attached: the kernel keeps it, marked, with its key reset to IPC_PRIVATE. */
static void removed_while_attached(void **state)
{
	(void)state;
	struct run_result r;
	int id = shmget(SHM_KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(id >= 0);
	void *mine = shmat(id, NULL, 0);
	assert_true(mine != (void *)-1);
	assert_int_equal(shmctl(id, IPC_RMID, NULL), 0);

	cJSON *doc = list_json(&r, "sysv_shm", false);
	cJSON *o = object_with_id(doc, "sysv_shm", id);
	if (!o)
		fail_msg("segment %d not listed in:\n%s", id, r.out);
	assert_true(is_true(o, "destroy"));
	assert_string_equal(text(o, "key"), "0x00000000");
	assert_true(is_null(o, "name"));
	assert_string_equal(text(o, "mode"), "0600"); /* without the SHM_DEST bit */
	assert_int_equal(json_number(o, "nattch"), 1);
	assert_non_null(find_map_holder(o, getpid(), "rw"));
	cJSON_Delete(doc);
	run_result_free(&r);
	shmdt(mine);

	/* Detached for the last time, it is gone. */
	doc = list_json(&r, "sysv_shm", false);
	assert_null(object_with_id(doc, "sysv_shm", id));
	cJSON_Delete(doc);
	run_result_free(&r);
}

/* Made by a process that has exited, attached by nobody: what a leak looks like. */
static void orphaned_segment(void **state)
{
	(void)state;
	struct run_result r;
	int ids[2], status;

	assert_int_equal(pipe(ids), 0);
	pid_t creator = fork_holder();
	if (creator == 0) {
		int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		_exit(id >= 0 && write(ids[1], &id, sizeof(id)) == sizeof(id) ? 0 : 1);
	}
	close(ids[1]);
	int id = -1;
	assert_int_equal(read(ids[0], &id, sizeof(id)), sizeof(id));
	close(ids[0]);
	assert_int_equal(waitpid(creator, &status, 0), creator);

	cJSON *doc = list_json(&r, "sysv_shm", false);
	cJSON *o = object_with_id(doc, "sysv_shm", id);
	if (!o)
		fail_msg("segment %d not listed in:\n%s", id, r.out);
	assert_int_equal(json_number(o, "nattch"), 0);
	assert_int_equal(json_number(o, "cpid"), creator);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "cpid_alive")));
	/* Never attached: no last pid and no times, rather than 0 and 1970. */
	assert_true(is_null(o, "lpid"));
	assert_true(is_null(o, "lpid_alive"));
	assert_true(is_null(o, "atime"));
	assert_true(is_null(o, "dtime"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 0);
	cJSON_Delete(doc);
	run_result_free(&r);
	shmctl(id, IPC_RMID, NULL);
}

static void check_message_queue(bool from_syscalls)
{
	struct run_result r;
	struct {
		long type;
		char text[100];
	} msg = { .type = 1 };
	struct msqid_ds ds;

	int id = msgget(MSG_KEY, IPC_CREAT | IPC_EXCL | 0620);
	assert_true(id >= 0);
	memset(msg.text, 'm', sizeof(msg.text));
	for (int i = 0; i < 3; i++)
		assert_int_equal(msgsnd(id, &msg, sizeof(msg.text), 0), 0);
	assert_int_equal(msgctl(id, IPC_STAT, &ds), 0);

	for (int pass = 0; pass < 2; pass++) {
		cJSON *doc = list_json(&r, "sysv_msg", from_syscalls);
		cJSON *o = object_with_id(doc, "sysv_msg", id);
		if (!o)
			fail_msg("queue %d not listed in:\n%s", id, r.out);
		assert_string_equal(text(o, "key"), "0x0a11ce02");
		assert_int_equal(json_number(o, "msqid"), id);
		assert_string_equal(text(o, "mode"), "0620");
		assert_int_equal(json_number(o, "messages"), 3);
		assert_int_equal(json_number(o, "bytes"), 300);
		assert_int_equal(json_number(o, "qbytes"), (double)ds.msg_qbytes);
		assert_int_equal(json_number(o, "lspid"), getpid());
		assert_true(is_true(o, "lspid_alive"));
		assert_true(is_null(o, "lrpid"));
		assert_true(is_null(o, "rtime"));
		assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "stime")));
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 0);
		cJSON_Delete(doc);
		run_result_free(&r);
	}
	/* Listing consumed nothing. */
	assert_int_equal(msgctl(id, IPC_STAT, &ds), 0);
	assert_int_equal(ds.msg_qnum, 3);
	msgctl(id, IPC_RMID, NULL);
}

/* Three messages of 100 bytes. */
static void queue_with_three_messages(void **state)
{
	(void)state;
	check_message_queue(false);
}

static void queue_with_three_messages_from_syscalls(void **state)
{
	(void)state;
	check_message_queue(true);
}

/* One process blocked in semop() waiting for semaphore 0 to rise. */
static void set_with_a_waiter(void **state)
{
	(void)state;
	struct run_result r;
	unsigned short values[2] = { 0, 5 };

	int id = semget(SEM_KEY, 2, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(id >= 0);
	assert_int_equal(semctl(id, 0, SETALL, (union semun){ .array = values }), 0);
	pid_t waiter = fork_holder();
	if (waiter == 0) {
		struct sembuf down = { .sem_num = 0, .sem_op = -1 };
		semop(id, &down, 1);
		_exit(0);
	}
	/* Until the kernel counts it as waiting. */
	for (int tries = 0; tries < 200 && semctl(id, 0, GETNCNT) != 1; tries++)
		usleep(10 * 1000);
	assert_int_equal(semctl(id, 0, GETNCNT), 1);

	cJSON *doc = list_json(&r, "sysv_sem", false);
	cJSON *o = object_with_id(doc, "sysv_sem", id);
	if (!o)
		fail_msg("set %d not listed in:\n%s", id, r.out);
	assert_string_equal(text(o, "key"), "0x0a11ce03");
	assert_int_equal(json_number(o, "semid"), id);
	assert_int_equal(json_number(o, "nsems"), 2);
	assert_int_equal(json_number(o, "waiting"), 1);
	cJSON *v = cJSON_GetObjectItem(o, "values");
	assert_int_equal(cJSON_GetArraySize(v), 2);
	assert_int_equal(cJSON_GetArrayItem(v, 0)->valuedouble, 0);
	assert_int_equal(cJSON_GetArrayItem(v, 1)->valuedouble, 5);
	/* SETALL records its caller as the last to change each semaphore. */
	cJSON *pids = cJSON_GetObjectItem(o, "last_pids");
	assert_int_equal(cJSON_GetArraySize(pids), 2);
	assert_int_equal(cJSON_GetArrayItem(pids, 0)->valuedouble, getpid());
	assert_int_equal(cJSON_GetArrayItem(pids, 1)->valuedouble, getpid());
	assert_true(is_null(o, "otime"));
	cJSON_Delete(doc);
	run_result_free(&r);

	/* Let it through: it takes the unit, and is the last to operate. */
	struct sembuf up = { .sem_num = 0, .sem_op = 1 };
	int status;
	assert_int_equal(semop(id, &up, 1), 0);
	assert_int_equal(waitpid(waiter, &status, 0), waiter);
	doc = list_json(&r, "sysv_sem", true);
	o = object_with_id(doc, "sysv_sem", id);
	assert_non_null(o);
	assert_int_equal(json_number(o, "nsems"), 2);
	assert_int_equal(json_number(o, "waiting"), 0);
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "values"), 0)->valuedouble, 0);
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "values"), 1)->valuedouble, 5);
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "last_pids"), 0)->valuedouble,
			 waiter);
	assert_true(cJSON_IsString(cJSON_GetObjectItem(o, "otime")));
	cJSON_Delete(doc);
	run_result_free(&r);
	semctl(id, 0, IPC_RMID);
}

/* A set nobody has touched: no last pids and no semop() time, rather than 0s. */
static void untouched_set(void **state)
{
	(void)state;
	struct run_result r;
	int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
	assert_true(id >= 0);

	cJSON *doc = list_json(&r, "sysv_sem", false);
	cJSON *o = object_with_id(doc, "sysv_sem", id);
	assert_non_null(o);
	assert_true(is_null(o, "name"));
	cJSON *pids = cJSON_GetObjectItem(o, "last_pids");
	assert_int_equal(cJSON_GetArraySize(pids), 3);
	for (int i = 0; i < 3; i++)
		assert_true(cJSON_IsNull(cJSON_GetArrayItem(pids, i)));
	assert_int_equal(json_number(o, "waiting"), 0);
	assert_true(is_null(o, "otime"));
	cJSON_Delete(doc);
	run_result_free(&r);
	semctl(id, 0, IPC_RMID);
}

/* --pid keeps a segment its holder has attached; --name matches the key. */
static void selection_by_holder_and_key(void **state)
{
	(void)state;
	struct run_result r;
	char pid_arg[16];
	int id = shmget(SHM_KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(id >= 0);
	attach_id = id;
	pid_t child = spawn_holder(attach_read_only, NULL);
	snprintf(pid_arg, sizeof(pid_arg), "%d", child);

	static const struct {
		const char *option;
		bool kept;
	} cases[] = {
		{ "--pid", true }, { "--name", true }, { "--name", false }, { "--pid", false },
	};
	char parent_arg[16];
	snprintf(parent_arg, sizeof(parent_arg), "%d", getpid()); /* not attached */
	const char *values[] = { pid_arg, "0x0a11ce01", "0xdeadbeef", parent_arg };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_ipcscope(&r, "list", "--json", "sysv_shm", cases[i].option, values[i], NULL);
		assert_int_equal(r.status, 0);
		cJSON *doc = parse_document(r.out);
		if ((object_with_id(doc, "sysv_shm", id) != NULL) != cases[i].kept)
			fail_msg("%s %s: segment %s", cases[i].option, values[i],
				 cases[i].kept ? "dropped" : "kept");
		cJSON_Delete(doc);
		run_result_free(&r);
	}

	stop_holder(child);
	shmctl(id, IPC_RMID, NULL);
}

#define COLLIDING_SHMID 4242

/* What the child in an IPC namespace of its own made there. */
struct child_segment {
	uint64_t ipcns;
	int shmid;
};

static uint64_t ipcns_of_self(void)
{
	struct stat st;
	return stat("/proc/self/ns/ipc", &st) == 0 ? (uint64_t)st.st_ino : 0;
}

/* In a new IPC namespace, a 4096-byte segment with our key and the colliding id, attached. */
static void attach_in_new_namespace(void *arg)
{
	struct child_segment *c = arg;

	if (unshare(CLONE_NEWIPC) < 0 || !set_next_shmid(COLLIDING_SHMID))
		_exit(1);
	c->ipcns = ipcns_of_self();
	c->shmid = shmget(SHM_KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
	if (c->shmid < 0 || shmat(c->shmid, NULL, 0) == (void *)-1)
		_exit(1);
}

/*
 * The same key and id in two IPC namespaces are two segments: each listed
 * with its namespace, the other's id marked with it, each attached only by
 * the processes of its own namespace.
 */
static void same_id_in_a_child_namespace_is_another_segment(void **state)
{
	(void)state;
	struct run_result r;
	char child_id[48];

	need_private_namespaces(); /* kernel.shm_next_id is set in ours */
	need_root("a new IPC namespace");
	struct child_segment c;
	pid_t child = spawn_reporting_holder(attach_in_new_namespace, &c, sizeof(c));
	assert_int_equal(c.shmid, COLLIDING_SHMID);
	assert_true(c.ipcns != 0 && c.ipcns != own_namespace("ipc"));
	assert_true(set_next_shmid(COLLIDING_SHMID));
	int mine = shmget(SHM_KEY, 8192, IPC_CREAT | IPC_EXCL | 0600);
	assert_int_equal(mine, COLLIDING_SHMID);
	void *at = shmat(mine, NULL, 0);
	assert_true(at != (void *)-1);

	cJSON *doc = list_json(&r, "sysv_shm", false);
	cJSON *ours = object_with_id(doc, "sysv_shm", mine);
	snprintf(child_id, sizeof(child_id), "%d@%llu", c.shmid, (unsigned long long)c.ipcns);
	cJSON *theirs = find_object(doc, "sysv_shm", "id", child_id);
	if (!ours || !theirs)
		fail_msg("segment %d or %s not listed in:\n%s", mine, child_id, r.out);
	assert_true(json_number(ours, "ipcns") == (double)own_namespace("ipc"));
	assert_true(json_number(theirs, "ipcns") == (double)c.ipcns);
	assert_int_equal(json_number(theirs, "shmid"), COLLIDING_SHMID);
	assert_string_equal(text(theirs, "key"), "0x0a11ce01");
	assert_int_equal(json_number(ours, "size"), 8192);
	assert_int_equal(json_number(theirs, "size"), 4096);
	assert_int_equal(json_number(theirs, "cpid"), child);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(ours, "holders")), 1);
	assert_non_null(find_map_holder(ours, getpid(), "rw"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(theirs, "holders")), 1);
	assert_non_null(find_map_holder(theirs, child, "rw"));
	cJSON_Delete(doc);
	run_result_free(&r);

	/* The table says which is which too. */
	run_ipcscope(&r, "list", "-r", "-n", "--bytes", "-o", "ID,IPCNS,SIZE", "sysv_shm", NULL);
	assert_int_equal(r.status, 0);
	char row[96];
	snprintf(row, sizeof(row), "%s %llu 4096\n", child_id, (unsigned long long)c.ipcns);
	if (!strstr(r.out, row))
		fail_msg("no row '%s' in:\n%s", row, r.out);
	run_result_free(&r);

	stop_holder(child);
	shmdt(at);
	shmctl(mine, IPC_RMID, NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(segment_attached_by_two, clean_keys),
		cmocka_unit_test_setup(segment_attached_by_two_from_syscalls, clean_keys),
		cmocka_unit_test_setup(removed_while_attached, clean_keys),
		cmocka_unit_test_setup(orphaned_segment, clean_keys),
		cmocka_unit_test_setup(queue_with_three_messages, clean_keys),
		cmocka_unit_test_setup(queue_with_three_messages_from_syscalls, clean_keys),
		cmocka_unit_test_setup(set_with_a_waiter, clean_keys),
		cmocka_unit_test_setup(untouched_set, clean_keys),
		cmocka_unit_test_setup(selection_by_holder_and_key, clean_keys),
		cmocka_unit_test_setup(same_id_in_a_child_namespace_is_another_segment, clean_keys),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
