/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * POSIX shared memory, named semaphores and message queues, each made here
 * and held by this process or its children, listed with their holders.
 */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHM_NAME "/ipcscope-test-shm"
#define SEM_NAME "/ipcscope-test-sem"
#define MQ_NAME "/ipcscope-test-mq"
#define MQ_IDLE "/ipcscope-test-idle"
#define MQ_DIR "/dev/mqueue"

static bool made_mq_dir;

/* A fresh /dev/shm of our own, so other programs' objects are neither seen nor touched. */
static int setup_group(void **state)
{
	(void)state;
	if (private_namespaces())
		assert_int_equal(mount("none", "/dev/shm", "tmpfs", 0, "mode=1777"), 0);
	return 0;
}

static int teardown_group(void **state)
{
	(void)state;
	if (made_mq_dir)
		rmdir(MQ_DIR);
	return 0;
}

static bool mount_mqueue(void)
{
	if (!private_namespaces())
		return false;
	if (mkdir(MQ_DIR, 0755) == 0)
		made_mq_dir = true;
	umount2(MQ_DIR, MNT_DETACH);
	return mount("none", MQ_DIR, "mqueue", 0, NULL) == 0;
}

static void map_read_only(void *arg)
{
	(void)arg;
	int fd = shm_open(SHM_NAME, O_RDONLY, 0);
	if (fd < 0 || mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED)
		_exit(1);
	close(fd); /* the mapping alone keeps it */
}

/* Mapped read-only by a child, read-write by us, and open here as well. */
static void shm_mapped_by_two(void **state)
{
	(void)state;
	struct run_result r;
	struct stat st;

	shm_unlink(SHM_NAME);
	int fd = shm_open(SHM_NAME, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, 0640), 0);
	assert_int_equal(ftruncate(fd, 8192), 0);
	/* The child first, so it inherits neither our mapping nor our descriptor. */
	close(fd);
	pid_t child = spawn_holder(map_read_only, NULL);
	fd = shm_open(SHM_NAME, O_RDWR | O_CLOEXEC, 0);
	assert_true(fd >= 0);
	void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(fstat(fd, &st), 0);

	cJSON *doc = list_kind(&r, "posix_shm");
	cJSON *o = find_object_in(doc, 0, "posix_shm", "name", SHM_NAME);
	if (!o)
		fail_msg("%s not listed in:\n%s", SHM_NAME, r.out);
	char ino[32];
	snprintf(ino, sizeof(ino), "%llu", (unsigned long long)st.st_ino);
	assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, ino);
	/* Found through our own /dev/shm, and still there. */
	assert_true(json_number(o, "mntns") == (double)namespace_inode(0, "mnt"));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "deleted")));
	assert_int_equal(json_number(o, "size"), 8192);
	assert_int_equal(json_number(o, "inode"), (double)st.st_ino);
	assert_string_equal(cJSON_GetObjectItem(o, "mode")->valuestring, "0640");
	assert_int_equal(json_number(o, "uid"), getuid());
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 3);
	assert_non_null(find_map_holder(o, child, "r"));
	assert_non_null(find_map_holder(o, getpid(), "rw"));
	cJSON *by_fd = find_holder(o, getpid(), fd);
	assert_non_null(by_fd);
	assert_string_equal(cJSON_GetObjectItem(by_fd, "via")->valuestring, "fd");
	assert_string_equal(cJSON_GetObjectItem(by_fd, "access")->valuestring, "rw");
	/* A semaphore is a file in /dev/shm too, but never a posix_shm object. */
	assert_null(find_object_in(doc, 0, "posix_shm", "name", "/sem" SEM_NAME));
	cJSON_Delete(doc);
	run_result_free(&r);

	stop_holder(child);
	munmap(p, 8192);
	close(fd);
	shm_unlink(SHM_NAME);
}

/* One child holds the semaphore, takes its one unit, then blocks waiting for another. */
static void semaphore_held_by_one(void **state)
{
	(void)state;
	struct run_result r;
	int ready[2];

	sem_unlink(SEM_NAME);
	assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
	pid_t child = fork_holder();
	if (child == 0) {
		sem_t *s = sem_open(SEM_NAME, O_CREAT | O_EXCL, 0600, 1);
		if (s == SEM_FAILED || sem_wait(s) != 0 || write(ready[1], "x", 1) != 1)
			_exit(1);
		sem_wait(s);
		_exit(0);
	}
	close(ready[1]);
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);

	/* The child is about to block; give it a few tries to get there. */
	cJSON *doc = NULL, *o = NULL;
	for (int tries = 0; tries < 50; tries++) {
		cJSON_Delete(doc);
		doc = list_kind(&r, "posix_sem");
		o = find_object_in(doc, 0, "posix_sem", "name", SEM_NAME);
		if (o && cJSON_IsNumber(cJSON_GetObjectItem(o, "waiting")) &&
		    json_number(o, "waiting") == 1)
			break;
		run_result_free(&r);
		usleep(20 * 1000);
	}
	if (!o)
		fail_msg("%s not listed in:\n%s", SEM_NAME, r.out);
	assert_string_equal(cJSON_GetObjectItem(o, "mode")->valuestring, "0600");
	assert_int_equal(json_number(o, "value"), 0);
	assert_int_equal(json_number(o, "waiting"), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 1);
	assert_non_null(find_map_holder(o, child, "rw"));
	cJSON_Delete(doc);
	run_result_free(&r);

	/* Posting releases the waiter; the value read is the live one. */
	sem_t *s = sem_open(SEM_NAME, 0);
	assert_true(s != SEM_FAILED);
	assert_int_equal(sem_post(s), 0);
	assert_int_equal(sem_post(s), 0);
	int status;
	assert_int_equal(waitpid(child, &status, 0), child); /* it took one and left */
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	doc = list_kind(&r, "posix_sem");
	o = find_object_in(doc, 0, "posix_sem", "name", SEM_NAME);
	assert_non_null(o);
	assert_int_equal(json_number(o, "value"), 1);
	assert_int_equal(json_number(o, "waiting"), 0);
	if (cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")) != 1)
		fail_msg("want only this process as holder:\n%s", r.out);
	assert_non_null(find_map_holder(o, getpid(), "rw"));
	cJSON_Delete(doc);
	run_result_free(&r);
	sem_close(s);
	sem_unlink(SEM_NAME);
}

static mqd_t make_queue(const char *name, long maxmsg, long msgsize)
{
	struct mq_attr attr = { .mq_maxmsg = maxmsg, .mq_msgsize = msgsize };

	mq_unlink(name);
	mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600, &attr);
	assert_true(q != (mqd_t)-1);
	return q;
}

/* With /dev/mqueue mounted: every queue, held or not, with its counts. */
static void queue_with_two_messages(void **state)
{
	(void)state;
	struct run_result r;
	struct mq_attr now;
	struct stat st;

	need_private_namespaces();
	if (!mount_mqueue())
		skip_because("cannot mount an mqueue file system on " MQ_DIR);
	mqd_t q = make_queue(MQ_NAME, 5, 64);
	assert_int_equal(mq_send(q, "hello", 5, 0), 0);
	assert_int_equal(mq_send(q, "world!!", 7, 1), 0);
	struct sigevent none = { .sigev_notify = SIGEV_NONE };
	assert_int_equal(mq_notify(q, &none), 0);
	mq_close(make_queue(MQ_IDLE, 3, 16));
	assert_int_equal(fstat(q, &st), 0);

	for (int pass = 0; pass < 2; pass++) {
		cJSON *doc = list_kind(&r, "posix_mq");
		assert_false(has_warning(doc, "not mounted"));
		cJSON *o = find_object_in(doc, 0, "posix_mq", "name", MQ_NAME);
		if (!o)
			fail_msg("%s not listed in:\n%s", MQ_NAME, r.out);
		assert_int_equal(json_number(o, "messages"), 2);
		assert_int_equal(json_number(o, "bytes"), 12);
		assert_int_equal(json_number(o, "max_messages"), 5);
		assert_int_equal(json_number(o, "message_size"), 64);
		assert_int_equal(json_number(o, "notify_pid"), getpid());
		assert_true(json_number(o, "ipcns") == (double)namespace_inode(0, "ipc"));
		char ino[32];
		snprintf(ino, sizeof(ino), "%llu", (unsigned long long)st.st_ino);
		assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, ino);
		assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "deleted")));
		assert_int_equal(json_number(o, "inode"), (double)st.st_ino);
		assert_string_equal(cJSON_GetObjectItem(o, "mode")->valuestring, "0600");
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 1);
		cJSON *h = find_holder(o, getpid(), q);
		assert_non_null(h);
		assert_string_equal(cJSON_GetObjectItem(h, "access")->valuestring, "rw");
		assert_string_equal(cJSON_GetObjectItem(h, "via")->valuestring, "fd");

		cJSON *idle = find_object_in(doc, 0, "posix_mq", "name", MQ_IDLE);
		assert_non_null(idle);
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(idle, "holders")), 0);
		assert_int_equal(json_number(idle, "messages"), 0);
		assert_int_equal(json_number(idle, "bytes"), 0);
		assert_true(cJSON_IsNull(cJSON_GetObjectItem(idle, "notify_pid")));
		cJSON_Delete(doc);
		run_result_free(&r);
	}
	/* Listing took no message and dropped no registration. */
	assert_int_equal(mq_getattr(q, &now), 0);
	assert_int_equal(now.mq_curmsgs, 2);
	assert_int_equal(mq_notify(q, &none), -1);
	assert_int_equal(errno, EBUSY);
	mq_close(q);
	mq_unlink(MQ_NAME);
	mq_unlink(MQ_IDLE);
}

static void hold_queue(void *arg)
{
	(void)arg;
	mqd_t q = mq_open(MQ_NAME, O_WRONLY);
	if (q == (mqd_t)-1 || dup2(q, 40) != 40 || mq_send(40, "abc", 3, 0) != 0)
		_exit(1);
	close(q);
}

/* Without /dev/mqueue: the queues processes hold, and a warning saying how to see the rest. */
static void held_queue_without_the_mount(void **state)
{
	(void)state;
	struct run_result r;

	need_private_namespaces();
	umount2(MQ_DIR, MNT_DETACH);
	mq_close(make_queue(MQ_NAME, 4, 32));
	mq_close(make_queue(MQ_IDLE, 3, 16));
	pid_t child = spawn_holder(hold_queue, NULL);

	cJSON *doc = list_kind(&r, "posix_mq");
	assert_true(has_warning(doc, "mount -t mqueue none /dev/mqueue"));
	cJSON *o = find_object_in(doc, 0, "posix_mq", "name", MQ_NAME);
	if (!o)
		fail_msg("%s not listed in:\n%s", MQ_NAME, r.out);
	assert_null(find_object_in(doc, 0, "posix_mq", "name", MQ_IDLE));
	cJSON *h = find_holder(o, child, 40);
	assert_non_null(h);
	assert_string_equal(cJSON_GetObjectItem(h, "access")->valuestring, "w");
	/* Read through a copy of the holder's descriptor. */
	assert_int_equal(json_number(o, "messages"), 1);
	assert_int_equal(json_number(o, "bytes"), 3);
	assert_int_equal(json_number(o, "max_messages"), 4);
	assert_string_equal(cJSON_GetObjectItem(o, "mode")->valuestring, "0600");
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(child);
	mq_unlink(MQ_NAME);
	mq_unlink(MQ_IDLE);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shm_mapped_by_two),
		cmocka_unit_test(semaphore_held_by_one),
		cmocka_unit_test(queue_with_two_messages),
		cmocka_unit_test(held_queue_without_the_mount),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     setup_group, teardown_group);
}
