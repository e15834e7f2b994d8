/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * POSIX shared memory, semaphores and message queues of other mount and
 * IPC namespaces: children with a private tmpfs on /dev/shm and a private
 * mqueue make objects of the same names as the test's own, and each is
 * listed apart with its namespace and its own holders; objects unlinked
 * but still held are listed as deleted; clean removes another namespace's
 * stale objects from inside it, and never follows a /dev/shm that a
 * namespace made a symbolic link, or swapped, to a directory outside.
 */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <pty.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#define SHM_NAME "/ipcscope-ns-shm"
#define SEM_NAME "/ipcscope-ns-sem"
#define MQ_NAME "/ipcscope-ns-mq"
#define MQ_IDLE "/ipcscope-ns-idle"
#define MQ_DIR "/dev/mqueue"

/* Names of this run alone: other programs on the machine may run the same test. */
static char stale_shm[64], stale_mq[64], held_shm[64], clean_glob[64];
/* "ipcscope-attack-PID", the file in the directory the attacks aim at; with its slash, as named. */
static char attack[64], attack_name[64];

static int setup_group(void **state)
{
	(void)state;
	snprintf(stale_shm, sizeof(stale_shm), "/ipcscope-nsclean-%d-shm", (int)getpid());
	snprintf(stale_mq, sizeof(stale_mq), "/ipcscope-nsclean-%d-mq", (int)getpid());
	snprintf(held_shm, sizeof(held_shm), "/ipcscope-nsclean-%d-held", (int)getpid());
	snprintf(clean_glob, sizeof(clean_glob), "/ipcscope-nsclean-%d-*", (int)getpid());
	snprintf(attack, sizeof(attack), "ipcscope-attack-%d", (int)getpid());
	snprintf(attack_name, sizeof(attack_name), "/ipcscope-attack-%d", (int)getpid());
	if (!private_namespaces())
		return 0; /* every case skips */
	assert_int_equal(mount("none", "/dev/shm", "tmpfs", 0, "mode=1777"), 0);
	mkdir(MQ_DIR, 0755);
	assert_int_equal(mount("none", MQ_DIR, "mqueue", 0, NULL), 0);
	return 0;
}

/* In the child: new namespaces whose mounts reach nobody else. */
static void enter(int flags)
{
	if (unshare(flags) != 0 ||
	    ((flags & CLONE_NEWNS) && mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0))
		_exit(1);
}

static void private_shm(void)
{
	if (mount("none", "/dev/shm", "tmpfs", 0, "mode=1777") != 0)
		_exit(1);
}

/* The IPC namespace's own mqueue on /dev/mqueue, in place of the one copied from ours. */
static void private_mqueue(void)
{
	umount2(MQ_DIR, MNT_DETACH);
	if (mount("none", MQ_DIR, "mqueue", 0, NULL) != 0)
		_exit(1);
}

static int make_shm(const char *name, off_t size)
{
	shm_unlink(name);
	int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0 || ftruncate(fd, size) != 0)
		_exit(1);
	return fd;
}

static mqd_t make_queue(const char *name)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = 32 };

	mq_unlink(name);
	return mq_open(name, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC | O_NONBLOCK, 0600, &attr);
}

static const char *text(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static size_t nholders(cJSON *o)
{
	return (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders"));
}

/* The holder that process pid is, by descriptor or by mapping (via "fd", "map"), or NULL. */
static cJSON *held_by(cJSON *o, pid_t pid, const char *via)
{
	cJSON *h;
	cJSON_ArrayForEach(h, cJSON_GetObjectItem(o, "holders"))
	{
		if (json_number(h, "pid") == pid && strcmp(text(h, "via"), via) == 0)
			return h;
	}
	return NULL;
}

static bool number_is(cJSON *o, const char *key, unsigned long long want)
{
	cJSON *v = cJSON_GetObjectItem(o, key);
	return cJSON_IsNumber(v) && (unsigned long long)v->valuedouble == want;
}

/* "INODE": the id of a POSIX object of our namespace, its inode and not its name again. */
static void expect_id_is_inode(cJSON *o)
{
	char want[32];

	snprintf(want, sizeof(want), "%.0f", json_number(o, "inode"));
	assert_string_equal(text(o, "id"), want);
}

/* "INODE@NAMESPACE": the id of an object of another namespace; the name stays in "name". */
static void expect_id_at(cJSON *o, const char *name, unsigned long long ns)
{
	char want[128];

	snprintf(want, sizeof(want), "%.0f@%llu", json_number(o, "inode"), ns);
	assert_string_equal(text(o, "id"), want);
	assert_string_equal(text(o, "name"), name);
}

static cJSON *list_json(struct run_result *r, const char *kinds)
{
	run_ipcscope(r, "list", "--json", "--kind", kinds, NULL);
	if (r->status != 0)
		fail_msg("list exited %d: %s", r->status, r->err);
	return parse_document(r->out);
}

static void child_with_its_own_shm(void *arg)
{
	(void)arg;
	enter(CLONE_NEWNS | CLONE_NEWIPC);
	private_shm();
	make_shm(SHM_NAME, 4096); /* held by this descriptor */
	if (sem_open(SEM_NAME, O_CREAT | O_EXCL, 0600, 3) == SEM_FAILED)
		_exit(1);
}

/* The same name in our /dev/shm and in a child's: two objects, each with its own holders. */
static void same_name_in_two_mount_namespaces(void **state)
{
	(void)state;
	struct run_result r;

	need_private_namespaces();
	/* The child first, so it inherits neither our mapping nor our descriptor. */
	pid_t child = spawn_holder(child_with_its_own_shm, NULL);
	int fd = make_shm(SHM_NAME, 8192);
	void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(p != MAP_FAILED);
	unsigned long long ours = namespace_inode(0, "mnt"), theirs = namespace_inode(child, "mnt");
	assert_true(ours && theirs && ours != theirs);

	cJSON *doc = list_json(&r, "posix_shm,posix_sem");
	cJSON *mine = find_object_in(doc, 0, "posix_shm", "name", SHM_NAME);
	cJSON *other = find_object_in(doc, child, "posix_shm", "name", SHM_NAME);
	if (!mine || !other)
		fail_msg("want %s in both mount namespaces:\n%s", SHM_NAME, r.out);
	expect_id_is_inode(mine);
	assert_true(number_is(mine, "mntns", ours));
	assert_int_equal(json_number(mine, "size"), 8192);
	assert_int_equal(nholders(mine), 2);
	assert_non_null(find_holder(mine, getpid(), fd));
	assert_non_null(find_map_holder(mine, getpid(), "rw"));

	expect_id_at(other, SHM_NAME, theirs);
	assert_true(number_is(other, "mntns", theirs));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(other, "deleted")));
	assert_int_equal(json_number(other, "size"), 4096);
	assert_int_equal(nholders(other), 1);
	assert_non_null(held_by(other, child, "fd"));

	cJSON *sem = find_object_in(doc, child, "posix_sem", "name", SEM_NAME);
	if (!sem)
		fail_msg("the child's semaphore is not listed:\n%s", r.out);
	expect_id_at(sem, SEM_NAME, theirs);
	assert_int_equal(json_number(sem, "value"), 3);
	assert_non_null(find_map_holder(sem, child, "rw"));
	assert_null(find_object_in(doc, 0, "posix_sem", "name", SEM_NAME));
	cJSON_Delete(doc);
	run_result_free(&r);

	stop_holder(child);
	munmap(p, 8192);
	close(fd);
	shm_unlink(SHM_NAME);
}

/* The inode of a file: the id of an object that has lost its name, as of any other. */
static void expect_id_of_file(cJSON *o, const struct stat *st)
{
	char want[64];

	snprintf(want, sizeof(want), "%llu", (unsigned long long)st->st_ino);
	assert_string_equal(text(o, "id"), want);
}

static cJSON *deleted_object(cJSON *doc, const char *kind, const struct stat *st, const char *raw)
{
	char id[64];

	snprintf(id, sizeof(id), "%llu", (unsigned long long)st->st_ino);
	cJSON *o = find_object_in(doc, 0, kind, "id", id);
	if (!o)
		fail_msg("%s %s (deleted) is not listed:\n%s", kind, id, raw);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(o, "deleted")));
	return o;
}

/* Opens the semaphore by its name once told to, so it maps it under that name. */
static pid_t sem_opener(int *go)
{
	int ready[2], start[2];

	assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
	assert_int_equal(pipe2(start, O_CLOEXEC), 0);
	pid_t pid = fork_holder();
	if (pid == 0) {
		char c;
		if (read(start[0], &c, 1) != 1 || sem_open(SEM_NAME, 0) == SEM_FAILED ||
		    write(ready[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(start[0]);
	close(ready[1]);
	go[0] = ready[0];
	go[1] = start[1];
	return pid;
}

/* What the unlinked case holds, and what each file was before its name went. */
struct unlinked {
	pid_t opener;
	int go[2];
	void *map;
	int held_fd;
	sem_t *known_sem, *temp_sem;
	mqd_t queue;
	char temp_name[64];
	struct stat mapped, held, known, temp, queued;
};

/* Makes them all, every one held, then removes their names. */
static void make_unlinked(struct unlinked *u)
{
	char path[96], c;

	u->opener = sem_opener(u->go);
	int fd = make_shm(SHM_NAME, 8192);
	u->map = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	assert_true(u->map != MAP_FAILED);
	assert_int_equal(fstat(fd, &u->mapped), 0);
	close(fd); /* the mapping alone holds it */
	u->held_fd = make_shm(held_shm, 4096);
	assert_int_equal(fstat(u->held_fd, &u->held), 0);

	sem_unlink(SEM_NAME);
	u->known_sem = sem_open(SEM_NAME, O_CREAT | O_EXCL, 0600, 1);
	assert_true(u->known_sem != SEM_FAILED);
	assert_int_equal(stat("/dev/shm/sem.ipcscope-ns-sem", &u->known), 0);
	assert_int_equal(write(u->go[1], "x", 1), 1);
	assert_int_equal(read(u->go[0], &c, 1), 1);
	snprintf(u->temp_name, sizeof(u->temp_name), "/ipcscope-ns-%d", (int)getpid());
	u->temp_sem = sem_open(u->temp_name, O_CREAT | O_EXCL, 0600, 2);
	assert_true(u->temp_sem != SEM_FAILED);
	snprintf(path, sizeof(path), "/dev/shm/sem.%s", u->temp_name + 1);
	assert_int_equal(stat(path, &u->temp), 0);
	u->queue = make_queue(MQ_NAME);
	assert_true(u->queue != (mqd_t)-1);
	assert_int_equal(fstat(u->queue, &u->queued), 0);

	assert_int_equal(shm_unlink(SHM_NAME), 0);
	assert_int_equal(shm_unlink(held_shm), 0);
	assert_int_equal(sem_unlink(SEM_NAME), 0);
	assert_int_equal(sem_unlink(u->temp_name), 0);
	assert_int_equal(mq_unlink(MQ_NAME), 0);
}

static void release_unlinked(struct unlinked *u)
{
	stop_holder(u->opener);
	close(u->go[0]);
	close(u->go[1]);
	munmap(u->map, 8192);
	close(u->held_fd);
	sem_close(u->known_sem);
	sem_close(u->temp_sem);
	mq_close(u->queue);
}

/*
 * shm_unlink, sem_unlink and mq_unlink while held: each is listed, with
 * "deleted": true, its device and inode as id, and its holders; a
 * semaphore its creator alone maps is known by glibc's temporary name
 * only, so its name is null.
 */
static void unlinked_but_held_objects_are_deleted(void **state)
{
	(void)state;
	struct run_result r;
	struct unlinked u;

	need_private_namespaces();
	make_unlinked(&u);
	cJSON *doc = list_json(&r, "posix_shm,posix_sem,posix_mq");
	cJSON *o = deleted_object(doc, "posix_shm", &u.mapped, r.out);
	assert_string_equal(text(o, "name"), SHM_NAME);
	assert_true(number_is(o, "mntns", namespace_inode(0, "mnt")));
	assert_int_equal(nholders(o), 1);
	assert_non_null(find_map_holder(o, getpid(), "rw"));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "size"))); /* a mapping does not tell */

	o = deleted_object(doc, "posix_shm", &u.held, r.out);
	assert_string_equal(text(o, "name"), held_shm);
	assert_int_equal(json_number(o, "size"), 4096);
	assert_string_equal(text(o, "mode"), "0600");
	assert_non_null(find_holder(o, getpid(), u.held_fd));

	/* The opener maps it by its name, the creator by the temporary one. */
	o = deleted_object(doc, "posix_sem", &u.known, r.out);
	assert_string_equal(text(o, "name"), SEM_NAME);
	assert_int_equal(nholders(o), 2);
	assert_non_null(find_map_holder(o, getpid(), "rw"));
	assert_non_null(find_map_holder(o, u.opener, "rw"));
	o = deleted_object(doc, "posix_sem", &u.temp, r.out);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "name")));
	expect_id_of_file(o, &u.temp);

	o = deleted_object(doc, "posix_mq", &u.queued, r.out);
	assert_string_equal(text(o, "name"), MQ_NAME);
	assert_true(number_is(o, "ipcns", namespace_inode(0, "ipc")));
	assert_non_null(find_holder(o, getpid(), u.queue));
	assert_int_equal(json_number(o, "max_messages"), 4);
	cJSON_Delete(doc);
	run_result_free(&r);

	/* Nothing is left to remove: none is stale. */
	run_ipcscope(&r, "stale", "--json", "--kind", "posix_shm,posix_sem,posix_mq", NULL);
	assert_int_equal(r.status, 0);
	doc = parse_document(r.out);
	cJSON *any;
	cJSON_ArrayForEach(any, cJSON_GetObjectItem(doc, "objects"))
		assert_false(cJSON_IsTrue(cJSON_GetObjectItem(any, "deleted")));
	cJSON_Delete(doc);
	run_result_free(&r);
	release_unlinked(&u);
}

/* A child with its own IPC namespace and mqueue: one queue held, one idle. */
static void child_with_its_own_mqueue(void *arg)
{
	(void)arg;
	enter(CLONE_NEWNS | CLONE_NEWIPC);
	private_mqueue();
	mqd_t q = make_queue(MQ_NAME);
	if (q == (mqd_t)-1 || mq_send(q, "one", 3, 0) != 0)
		_exit(1);
	mqd_t idle = make_queue(MQ_IDLE);
	if (idle == (mqd_t)-1)
		_exit(1);
	mq_close(idle);
}

/* A child with its own IPC namespace and no mqueue mounted for it: its queue is known by its holder. */
static void child_holding_an_unmounted_queue(void *arg)
{
	(void)arg;
	enter(CLONE_NEWIPC);
	if (make_queue(MQ_NAME) == (mqd_t)-1)
		_exit(1);
}

/* A child with a new IPC and mount namespace that keeps the /dev/mqueue it was copied with: ours. */
static void child_keeping_our_mqueue(void *arg)
{
	(void)arg;
	enter(CLONE_NEWNS | CLONE_NEWIPC);
	if (make_queue(MQ_IDLE) == (mqd_t)-1)
		_exit(1);
}

static size_t count_named(cJSON *doc, const char *name, unsigned long long ipcns)
{
	size_t n = 0;
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
		n += text(o, "name") && strcmp(text(o, "name"), name) == 0 &&
		     number_is(o, "ipcns", ipcns);
	return n;
}

/* Each queue is its own IPC namespace's, however it is reached. */
static void queues_of_other_ipc_namespaces(void **state)
{
	(void)state;
	struct run_result r;

	need_private_namespaces();
	pid_t mounted = spawn_holder(child_with_its_own_mqueue, NULL);
	pid_t held = spawn_holder(child_holding_an_unmounted_queue, NULL);
	pid_t copied = spawn_holder(child_keeping_our_mqueue, NULL);
	mqd_t q = make_queue(MQ_NAME);
	assert_true(q != (mqd_t)-1);
	assert_int_equal(mq_send(q, "a", 1, 0), 0);
	assert_int_equal(mq_send(q, "b", 1, 0), 0);
	mq_close(make_queue(MQ_IDLE));
	unsigned long long own = namespace_inode(0, "ipc");

	cJSON *doc = list_json(&r, "posix_mq");
	cJSON *mine = find_object_in(doc, 0, "posix_mq", "name", MQ_NAME);
	if (!mine)
		fail_msg("%s not listed in:\n%s", MQ_NAME, r.out);
	expect_id_is_inode(mine);
	assert_int_equal(json_number(mine, "messages"), 2);
	assert_int_equal(nholders(mine), 1);
	assert_non_null(find_holder(mine, getpid(), q));

	cJSON *o = find_object_in(doc, mounted, "posix_mq", "name", MQ_NAME);
	if (!o)
		fail_msg("the queue of the child with its own mqueue is not listed:\n%s", r.out);
	expect_id_at(o, MQ_NAME, namespace_inode(mounted, "ipc"));
	assert_int_equal(json_number(o, "messages"), 1);
	assert_int_equal(nholders(o), 1);
	assert_non_null(held_by(o, mounted, "fd"));
	/* Held by nobody: found through the child's own /dev/mqueue. */
	o = find_object_in(doc, mounted, "posix_mq", "name", MQ_IDLE);
	assert_non_null(o);
	assert_int_equal(nholders(o), 0);

	o = find_object_in(doc, held, "posix_mq", "name", MQ_NAME);
	if (!o)
		fail_msg("the queue held in an IPC namespace with no mount is not listed:\n%s", r.out);
	expect_id_at(o, MQ_NAME, namespace_inode(held, "ipc"));
	assert_non_null(held_by(o, held, "fd"));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(o, "deleted")));

	/* Our /dev/mqueue is in the third child's mount namespace too, but stays ours. */
	assert_int_equal(count_named(doc, MQ_IDLE, own), 1);
	assert_int_equal(count_named(doc, MQ_NAME, own), 1);
	o = find_object_in(doc, copied, "posix_mq", "name", MQ_IDLE);
	assert_non_null(o);
	assert_non_null(held_by(o, copied, "fd"));
	assert_false(has_warning(doc, "not mounted"));
	cJSON_Delete(doc);
	run_result_free(&r);

	stop_holder(mounted);
	stop_holder(held);
	stop_holder(copied);
	mq_close(q);
	mq_unlink(MQ_NAME);
	mq_unlink(MQ_IDLE);
}

/* In a mount namespace of its own, our IPC namespace's mqueue on /dev/mqueue. */
static void child_mounting_our_mqueue(void *arg)
{
	(void)arg;
	enter(CLONE_NEWNS);
	if (mount("none", MQ_DIR, "mqueue", 0, NULL) != 0)
		_exit(1);
}

/* In our mount namespace, its own IPC namespace's mqueue on our /dev/mqueue, with an idle queue. */
static void child_mounting_its_mqueue_here(void *arg)
{
	(void)arg;
	enter(CLONE_NEWIPC);
	if (mount("none", MQ_DIR, "mqueue", 0, NULL) != 0)
		_exit(1);
	mqd_t q = make_queue(MQ_IDLE);
	if (q == (mqd_t)-1)
		_exit(1);
	mq_close(q);
}

static bool warned(cJSON *doc, const char *text, unsigned long long ns)
{
	char number[32];
	cJSON *w;

	snprintf(number, sizeof(number), "%llu", ns);
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(doc, "warnings"))
		if (strstr(w->valuestring, text) && strstr(w->valuestring, number))
			return true;
	return false;
}

/*
 * Which IPC namespace a /dev/mqueue is does not follow from whose mount
 * namespace it is in: ours read through another mount namespace's, and
 * another's mounted on ours, each said in a warning.
 */
static void whose_dev_mqueue_is_told_by_its_queues(void **state)
{
	(void)state;
	struct run_result r;

	need_private_namespaces();
	assert_int_equal(umount2(MQ_DIR, MNT_DETACH), 0);
	mq_close(make_queue(MQ_NAME));
	pid_t elsewhere = spawn_holder(child_mounting_our_mqueue, NULL);
	cJSON *doc = list_json(&r, "posix_mq");
	cJSON *o = find_object_in(doc, 0, "posix_mq", "name", MQ_NAME);
	if (!o)
		fail_msg("our idle queue is not read through the child's mount:\n%s", r.out);
	expect_id_is_inode(o);
	assert_int_equal(nholders(o), 0);
	if (!warned(doc, "is not mounted here", namespace_inode(elsewhere, "mnt")))
		fail_msg("no warning names the mount it was read through:\n%s", r.out);
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(elsewhere);

	pid_t here = spawn_holder(child_mounting_its_mqueue_here, NULL);
	doc = list_json(&r, "posix_mq");
	o = find_object_in(doc, here, "posix_mq", "name", MQ_IDLE);
	if (!o)
		fail_msg("the child's queue on our /dev/mqueue is not listed as its own:\n%s", r.out);
	expect_id_at(o, MQ_IDLE, namespace_inode(here, "ipc"));
	assert_null(find_object_in(doc, 0, "posix_mq", "name", MQ_IDLE));
	assert_null(find_object_in(doc, 0, "posix_mq", "name", MQ_NAME)); /* unmounted, unheld */
	if (!warned(doc, "here is the mqueue filesystem of IPC namespace",
		    namespace_inode(here, "ipc")))
		fail_msg("no warning says whose our /dev/mqueue is:\n%s", r.out);
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(here);
	assert_int_equal(umount2(MQ_DIR, MNT_DETACH), 0);
	assert_int_equal(mount("none", MQ_DIR, "mqueue", 0, NULL), 0);
	mq_unlink(MQ_NAME);
}

/* Stale objects of its own, and one it holds. */
static void child_with_stale_objects(void *arg)
{
	(void)arg;
	enter(CLONE_NEWNS | CLONE_NEWIPC);
	private_shm();
	private_mqueue();
	close(make_shm(stale_shm, 4096));
	make_shm(held_shm, 4096);
	mqd_t q = make_queue(stale_mq);
	if (q == (mqd_t)-1)
		_exit(1);
	mq_close(q);
}

static bool exists_in(pid_t pid, const char *dir, const char *name)
{
	char path[160];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/root%s%s", (int)pid, dir, name);
	return stat(path, &st) == 0;
}

/* clean removes another namespace's stale /dev/shm file and queue from inside it. */
static void clean_inside_other_namespaces(void **state)
{
	(void)state;
	struct run_result r;

	need_private_namespaces();
	pid_t child = spawn_holder(child_with_stale_objects, NULL);
	unsigned long long mntns = namespace_inode(child, "mnt"), ipcns = namespace_inode(child, "ipc");

	run_ipcscope(&r, "clean", "--yes", "--json", "--ignore-unreadable", "--kind",
		     "posix_shm,posix_mq", "--name", clean_glob, NULL);
	if (r.status != 0)
		fail_msg("clean exited %d: %s", r.status, r.err);
	cJSON *doc = cJSON_Parse(r.out);
	if (!doc)
		fail_msg("not JSON: %s %s", r.out, r.err);
	size_t removed = 0;
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "results"))
	{
		cJSON *obj = cJSON_GetObjectItem(o, "object");
		if (strcmp(text(o, "action"), "removed") != 0)
			fail_msg("%s %s: %s", text(obj, "id"), text(o, "action"), text(o, "reason"));
		if (strcmp(text(obj, "kind"), "posix_shm") == 0)
			expect_id_at(obj, stale_shm, mntns);
		else
			expect_id_at(obj, stale_mq, ipcns);
		removed++;
	}
	assert_int_equal(removed, 2);
	cJSON_Delete(doc);
	run_result_free(&r);
	assert_false(exists_in(child, "/dev/shm", stale_shm));
	assert_false(exists_in(child, MQ_DIR, stale_mq));
	assert_true(exists_in(child, "/dev/shm", held_shm));
	stop_holder(child);
}

/* A tmpfs of ours outside every /dev/shm, holding a file an attacker would have removed. */
static void make_secret(char *dir)
{
	char file[160];

	assert_non_null(mkdtemp(dir));
	assert_int_equal(mount("none", dir, "tmpfs", 0, "mode=0700"), 0);
	snprintf(file, sizeof(file), "%s/%s", dir, attack);
	int fd = open(file, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
	assert_true(fd >= 0);
	close(fd);
}

static bool secret_intact(const char *dir)
{
	char file[160];
	struct stat st;

	snprintf(file, sizeof(file), "%s/%s", dir, attack);
	return stat(file, &st) == 0;
}

static void drop_secret(char *dir)
{
	umount2(dir, MNT_DETACH);
	rmdir(dir);
}

/* A /dev of its own in which /dev/shm is a symbolic link to the secret directory. */
static void child_linking_dev_shm(void *arg)
{
	enter(CLONE_NEWNS | CLONE_NEWIPC);
	if (mount("none", "/dev", "tmpfs", 0, "mode=0755") != 0 || symlink(arg, "/dev/shm") != 0)
		_exit(1);
}

/* root's clean, told of a namespace whose /dev/shm links outside, removes nothing there. */
static void a_linked_dev_shm_is_not_followed(void **state)
{
	(void)state;
	struct run_result r;
	char secret[] = "/tmp/ipcscope-secret.XXXXXX";

	need_private_namespaces();
	make_secret(secret);
	pid_t child = spawn_holder(child_linking_dev_shm, secret);
	char ns[32];
	snprintf(ns, sizeof(ns), "%llu", namespace_inode(child, "mnt"));

	run_ipcscope(&r, "clean", "--yes", "--json", "--ignore-unreadable", "--kind",
		     "posix_shm,posix_sem", "--name", attack_name, NULL);
	if (r.status != 0)
		fail_msg("clean exited %d: %s", r.status, r.err);
	if (strstr(r.out, "\"removed\"") || !secret_intact(secret))
		fail_msg("clean followed the link: %s", r.out);
	cJSON *doc = cJSON_Parse(r.out);
	assert_non_null(doc);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "results")), 0);
	cJSON_Delete(doc);
	run_result_free(&r);

	doc = list_json(&r, "posix_shm");
	assert_null(find_object(doc, "posix_shm", "name", attack_name));
	cJSON *w;
	bool said = false;
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(doc, "warnings"))
		said |= strstr(w->valuestring, ns) && strstr(w->valuestring, "symbolic link");
	if (!said)
		fail_msg("no warning names mount namespace %s's link: %s", ns, r.out);
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(child);
	drop_secret(secret);
}

/*
 * A child with a tmpfs on /dev/shm and a stale file in it, that on 'l'
 * replaces /dev/shm with a symbolic link to `secret`, on 'b' binds
 * `secret` there, and answers each with one byte.
 */
static pid_t swapping_child(const char *secret, int *tell, int *told)
{
	int cmd[2], ack[2];

	assert_int_equal(pipe2(cmd, O_CLOEXEC), 0);
	assert_int_equal(pipe2(ack, O_CLOEXEC), 0);
	pid_t pid = fork_holder();
	if (pid == 0) {
		enter(CLONE_NEWNS | CLONE_NEWIPC);
		if (mount("none", "/dev", "tmpfs", 0, "mode=0755") != 0 || mkdir("/dev/shm", 01777) != 0)
			_exit(1);
		private_shm();
		close(make_shm(attack_name, 4096));
		char c;
		while (write(ack[1], "x", 1) == 1 && read(cmd[0], &c, 1) == 1) {
			if (umount2("/dev/shm", MNT_DETACH) != 0)
				_exit(1);
			if (c == 'l' && (rmdir("/dev/shm") != 0 || symlink(secret, "/dev/shm") != 0))
				_exit(1);
			if (c == 'b' && mount(secret, "/dev/shm", NULL, MS_BIND, NULL) != 0)
				_exit(1);
		}
		_exit(0);
	}
	close(cmd[0]);
	close(ack[1]);
	*tell = cmd[1];
	*told = ack[0];
	char c;
	assert_int_equal(read(*told, &c, 1), 1);
	return pid;
}

/*
 * The plan shows the child's stale file; while clean waits for the
 * answer, the child swaps its /dev/shm for the secret directory, which has
 * a file of the same name.  Then "y": nothing may be removed.
 */
static void a_dev_shm_swapped_after_the_scan_is_left_alone(void **state)
{
	(void)state;
	static const char swaps[] = { 'l', 'b' };
	/* Why each is skipped: the way to /dev/shm, or the directory itself, is not what was searched. */
	static const char *const reasons[] = { "a symbolic link is now on the way to /dev/shm",
					       "is another directory now than the one searched" };
	char secret[] = "/tmp/ipcscope-secret.XXXXXX";

	need_private_namespaces();
	make_secret(secret);
	for (size_t i = 0; i < sizeof(swaps); i++) {
		int tell, told, master;
		char c;
		pid_t child = swapping_child(secret, &tell, &told);
		/* Wide enough that the report's reason stays on one line to search. */
		struct winsize wide = { .ws_row = 50, .ws_col = 400 };
		pid_t pid = forkpty(&master, NULL, NULL, &wide);
		assert_true(pid >= 0);
		if (pid == 0) {
			execl(ipcscope_bin, ipcscope_bin, "clean", "--ignore-unreadable", "--kind",
			      "posix_shm", "--name", attack_name, NULL);
			_exit(127);
		}
		char *plan = read_until_prompt(master);
		if (!strstr(plan, attack_name))
			fail_msg("swap '%c': the plan lacks the child's file: %s", swaps[i], plan);
		assert_int_equal(write(tell, &swaps[i], 1), 1);
		assert_int_equal(read(told, &c, 1), 1);
		assert_int_equal(write(master, "y\n", 2), 2);

		char out[65536];
		int status = read_to_end(master, pid, out, sizeof(out));
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || strstr(out, "removed") ||
		    !strstr(out, reasons[i]) || !secret_intact(secret))
			fail_msg("swap '%c': %s", swaps[i], out);
		stop_holder(child);
		close(tell);
		close(told);
	}
	drop_secret(secret);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_name_in_two_mount_namespaces),
		cmocka_unit_test(unlinked_but_held_objects_are_deleted),
		cmocka_unit_test(queues_of_other_ipc_namespaces),
		cmocka_unit_test(whose_dev_mqueue_is_told_by_its_queues),
		cmocka_unit_test(clean_inside_other_namespaces),
		cmocka_unit_test(a_linked_dev_shm_is_not_followed),
		cmocka_unit_test(a_dev_shm_swapped_after_the_scan_is_left_alone),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     setup_group, NULL);
}
