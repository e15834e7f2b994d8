/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope stale and clean against `ipcscope load --stale`: stale finds
 * exactly what the load left behind and nothing it still holds; clean
 * removes exactly those; an object that gains a holder between the plan
 * and the removal is skipped; another user cannot remove root's objects.
 * ipcscope sees every namespace on the machine: the listings here count
 * only what is in ours, and clean is kept to ours with --ns self, except
 * where a child IPC namespace's stale segment is removed from inside it.
 */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/mount.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static int setup_group(void **state)
{
	(void)state;
	if (!private_namespaces())
		return 0; /* every test skips: stale objects are the machine's */
	assert_int_equal(mount("none", "/dev/shm", "tmpfs", 0, "mode=1777"), 0);
	mkdir("/dev/mqueue", 0755);
	assert_int_equal(mount("none", "/dev/mqueue", "mqueue", 0, NULL), 0);
	return bring_up_loopback(state);
}

static const char *load_dir(cJSON *manifest, const char *which)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(manifest, "load"), which)->valuestring;
}

static const char *text(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The manifest's object that `listed` is: same kind, and same id or (paths) same name. */
static cJSON *in_manifest(cJSON *manifest, cJSON *listed)
{
	cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(manifest, "objects"))
	{
		if (strcmp(text(m, "kind"), text(listed, "kind")) != 0)
			continue;
		const char *id = text(m, "id"), *name = text(m, "name");
		if ((id && text(listed, "id") && strcmp(id, text(listed, "id")) == 0) ||
		    (!id && name && text(listed, "name") && strcmp(name, text(listed, "name")) == 0))
			return m;
	}
	return NULL;
}

/* Drop the objects of other namespaces than ours: the machine's containers, not the test's. */
static void keep_own_namespaces(cJSON *doc)
{
	cJSON *objects = cJSON_GetObjectItem(doc, "objects");
	for (int i = cJSON_GetArraySize(objects) - 1; i >= 0; i--)
		if (!in_own_namespaces(cJSON_GetArrayItem(objects, i)))
			cJSON_DeleteItemFromArray(objects, i);
}

/* `ipcscope stale --json` over the load's own directories only (/tmp is shared), ours alone. */
static cJSON *stale_doc(cJSON *manifest, const char *extra)
{
	struct run_result r;
	run_ipcscope(&r, "stale", "--json", "--ns", "self", "--path",
		     load_dir(manifest, "stale_dir"), "--path", load_dir(manifest, "dir"), extra, NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	run_result_free(&r);
	keep_own_namespaces(doc);
	return doc;
}

static void stale_finds_exactly_the_left_behind_and_clean_removes_them(void **state)
{
	(void)state;
	struct running run = { 0 };
	static const char *const args[] = { "--count", "2", "--stale", NULL };
	size_t nstale = 0, found = 0;
	cJSON *m, *o;

	need_private_namespaces();
	need_ns_self();
	start_load(&run, args);
	cJSON_ArrayForEach(m, cJSON_GetObjectItem(run.manifest, "objects"))
		nstale += cJSON_IsTrue(cJSON_GetObjectItem(m, "stale"));
	assert_int_equal(nstale, 4);

	/* stale: every object it lists is one the load left behind, with a reason and a time. */
	cJSON *doc = stale_doc(run.manifest, NULL);
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		cJSON *mine = in_manifest(run.manifest, o);
		if (!mine)
			fail_msg("%s %s is listed stale but is not the load's", text(o, "kind"), text(o, "id"));
		if (!cJSON_IsTrue(cJSON_GetObjectItem(mine, "stale")))
			fail_msg("%s %s is listed stale but the load holds it", text(o, "kind"),
				 text(o, "id"));
		cJSON *stale = cJSON_GetObjectItem(o, "stale");
		assert_true(cJSON_IsObject(stale));
		assert_non_null(text(stale, "reason"));
		assert_non_null(text(stale, "since"));
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 0);
		found++;
	}
	assert_int_equal(found, nstale);
	cJSON_Delete(doc);

	/* Recently active, so none is older than an hour; all are older than nothing. */
	doc = stale_doc(run.manifest, "--older-than=1h");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "objects")), 0);
	cJSON_Delete(doc);
	doc = stale_doc(run.manifest, "--older-than=0s");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "objects")), (int)nstale);
	cJSON_Delete(doc);

	/* list --stale: the same objects marked, every held one null. */
	struct run_result r;
	run_ipcscope(&r, "list", "--json", "--stale", "--ns", "self", "--kind", "sysv_shm,posix_shm",
		     NULL);
	assert_int_equal(r.status, 0);
	doc = parse_document(r.out);
	run_result_free(&r);
	keep_own_namespaces(doc);
	size_t marked = 0, unmarked = 0;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		cJSON *stale = cJSON_GetObjectItem(o, "stale");
		cJSON *mine = in_manifest(run.manifest, o);
		assert_non_null(mine);
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(mine, "stale")) ? cJSON_IsObject(stale)
									     : cJSON_IsNull(stale));
		marked += cJSON_IsObject(stale);
		unmarked += cJSON_IsNull(stale);
	}
	assert_int_equal(marked, 2);     /* the orphaned segment and the unmapped /dev/shm object */
	assert_int_equal(unmarked, 4); /* 2 segments and 2 shm objects the workers map */
	cJSON_Delete(doc);

	/*
	 * clean --yes removes those four and nothing else.  Where some process
	 * could not be read (PID 1 on some machines, even for root), the /dev/shm
	 * object and the FIFO might be held by it: they are skipped, saying so,
	 * until --ignore-unreadable.
	 */
	size_t removed = 0;
	for (int pass = 0; pass < 2; pass++) {
		run_ipcscope(&r, "clean", "--yes", "--json", "--ns", "self", "--path",
			     load_dir(run.manifest, "stale_dir"), "--path", load_dir(run.manifest, "dir"),
			     pass ? "--ignore-unreadable" : NULL, NULL);
		assert_int_equal(r.status, 0);
		doc = cJSON_Parse(r.out);
		assert_non_null(doc);
		bool unseen = cJSON_GetArraySize(cJSON_GetObjectItem(doc, "unreadable")) > 0;
		cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "results"))
		{
			cJSON *obj = cJSON_GetObjectItem(o, "object");
			const char *kind = text(obj, "kind");
			bool by_holders = strcmp(kind, "posix_shm") == 0 || strcmp(kind, "fifo") == 0;
			assert_true(cJSON_IsTrue(cJSON_GetObjectItem(in_manifest(run.manifest, obj), "stale")));
			if (pass == 0 && unseen && by_holders) {
				assert_string_equal(text(o, "action"), "skipped");
				assert_non_null(strstr(text(o, "reason"), "could not be read"));
			} else {
				assert_string_equal(text(o, "action"), "removed");
				removed++;
			}
		}
		cJSON_Delete(doc);
		run_result_free(&r);
	}
	assert_int_equal(removed, nstale);
	assert_int_equal(entries(load_dir(run.manifest, "stale_dir")), 0);
	assert_int_equal(sysvipc_rows("shm"), 2); /* the two the workers attach */
	doc = stale_doc(run.manifest, NULL);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "objects")), 0);
	cJSON_Delete(doc);

	/* Everything the load holds is still there, and it ends cleanly. */
	char *stale_dir = strdup(load_dir(run.manifest, "stale_dir"));
	stop_load(&run, SIGTERM);
	assert_int_equal(sysvipc_rows("shm"), 0);
	assert_int_equal(entries("/dev/shm"), 0);
	rmdir(stale_dir);
	free(stale_dir);
	cJSON_Delete(run.manifest);
}

/* A segment whose creator has exited; its id. */
static int orphaned_segment(void)
{
	int p[2], id = -1;

	assert_int_equal(pipe(p), 0);
	pid_t pid = fork_holder();
	if (pid == 0) {
		id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		_exit(write(p[1], &id, sizeof(id)) == sizeof(id) ? 0 : 1);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &id, sizeof(id)), sizeof(id));
	close(p[0]);
	waitpid(pid, NULL, 0);
	assert_true(id >= 0);
	return id;
}

static void attach_segment(void *arg)
{
	if (shmat(*(int *)arg, NULL, 0) == (void *)-1)
		_exit(1);
}

/*
 * Attached by a process that runs, while its creator and the last process
 * to attach or detach are gone: in use, so not stale, and clean leaves it.
 */
static void an_attached_segment_is_not_stale(void **state)
{
	(void)state;
	struct run_result r;
	char idtext[16];

	need_private_namespaces();
	int id = orphaned_segment();
	pid_t holder = spawn_holder(attach_segment, &id);
	pid_t passer = fork_holder();
	if (passer == 0) {
		void *at = shmat(id, NULL, 0);
		_exit(at != (void *)-1 && shmdt(at) == 0 ? 0 : 1);
	}
	int status;
	assert_int_equal(waitpid(passer, &status, 0), passer);
	assert_int_equal(status, 0);
	struct shmid_ds ds;
	assert_int_equal(shmctl(id, IPC_STAT, &ds), 0);
	assert_int_equal(ds.shm_lpid, passer); /* gone, as is the creator */
	assert_int_equal(ds.shm_nattch, 1);

	snprintf(idtext, sizeof(idtext), "%d", id);
	run_ipcscope(&r, "stale", "--json", "--kind", "sysv_shm", NULL);
	cJSON *doc = parse_document(r.out);
	assert_null(find_object(doc, "sysv_shm", "id", idtext));
	cJSON_Delete(doc);
	run_result_free(&r);

	/* Once its holder is gone too, it is. */
	stop_holder(holder);
	run_ipcscope(&r, "stale", "--json", "--kind", "sysv_shm", NULL);
	doc = parse_document(r.out);
	assert_non_null(find_object(doc, "sysv_shm", "id", idtext));
	cJSON_Delete(doc);
	run_result_free(&r);
	shmctl(id, IPC_RMID, NULL);
}

static void receive_forever(void *arg)
{
	struct {
		long type;
		char text[16];
	} msg;
	pid_t blocked = fork(); /* the holder reports ready; its child does the waiting */
	if (blocked == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		msgrcv(*(int *)arg, &msg, sizeof(msg.text), 0, 0);
		_exit(0);
	}
	/* Ready once the child sleeps in msgrcv(). */
	if (!await_blocked(blocked, "do_msgrcv"))
		_exit(1);
}

/*
 * A queue nobody has sent to yet, with a process blocked receiving from it:
 * the kernel records no pid until a call completes, yet it is in use.
 */
static void a_queue_with_a_blocked_receiver_is_not_stale(void **state)
{
	(void)state;
	struct run_result r;
	char idtext[16];

	need_private_namespaces();
	int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
	assert_true(id >= 0);
	snprintf(idtext, sizeof(idtext), "%d", id);
	pid_t receiver = spawn_holder(receive_forever, &id);

	run_ipcscope(&r, "stale", "--json", "--kind", "sysv_msg", NULL);
	cJSON *doc = parse_document(r.out);
	assert_null(find_object(doc, "sysv_msg", "id", idtext));
	cJSON_Delete(doc);
	run_result_free(&r);
	/* The waiter is counted where staleness is judged, and unknown elsewhere. */
	run_ipcscope(&r, "list", "--json", "--stale", "--kind", "sysv_msg", NULL);
	doc = parse_document(r.out);
	assert_int_equal(json_number(find_object(doc, "sysv_msg", "id", idtext), "waiting"), 1);
	cJSON_Delete(doc);
	run_result_free(&r);
	run_ipcscope(&r, "list", "--json", "--kind", "sysv_msg", NULL);
	doc = parse_document(r.out);
	assert_true(cJSON_IsNull(
		cJSON_GetObjectItem(find_object(doc, "sysv_msg", "id", idtext), "waiting")));
	cJSON_Delete(doc);
	run_result_free(&r);

	stop_holder(receiver); /* and with it the blocked child */
	for (int tries = 0;; tries++) {
		run_ipcscope(&r, "stale", "--json", "--kind", "sysv_msg", NULL);
		doc = parse_document(r.out);
		cJSON *q = find_object(doc, "sysv_msg", "id", idtext);
		if (q || tries == 100) {
			assert_non_null(q);
			assert_string_equal(text(cJSON_GetObjectItem(q, "stale"), "reason"),
					    "no process has sent to it or received from it, and none "
					    "waits on it");
			cJSON_Delete(doc);
			run_result_free(&r);
			break;
		}
		cJSON_Delete(doc);
		run_result_free(&r);
		usleep(10000); /* the child dies after its parent */
	}
	msgctl(id, IPC_RMID, NULL);
}

static void listen_in_new_netns(void *arg)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", (const char *)arg);
	if (unshare(CLONE_NEWNET) < 0 || (fd = socket(AF_UNIX, SOCK_STREAM, 0)) < 0 ||
	    bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 || listen(fd, 1) < 0)
		_exit(1);
}

/*
 * A socket file whose socket lives in another network namespace (a
 * container's) is in use, though this namespace's sockets do not show it.
 */
static void a_socket_bound_in_another_namespace_is_not_stale(void **state)
{
	(void)state;
	struct run_result r;
	char dir[] = "/tmp/ipcscope-stale-test.XXXXXX", path[64];

	need_private_namespaces();
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/elsewhere.sock", dir);
	pid_t server = spawn_holder(listen_in_new_netns, path);

	run_ipcscope(&r, "stale", "--json", "--kind", "unix", "--path", dir, NULL);
	cJSON *doc = parse_document(r.out);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "objects")), 0);
	cJSON_Delete(doc);
	run_result_free(&r);
	/* Nor does clean touch it. */
	run_ipcscope(&r, "clean", "--yes", "--kind", "unix", "--path", dir, NULL);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "removed"));
	run_result_free(&r);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);

	/* Once its server is gone, the file is left over. */
	stop_holder(server);
	run_ipcscope(&r, "stale", "--json", "--kind", "unix", "--path", dir, NULL);
	doc = parse_document(r.out);
	assert_non_null(find_object(doc, "unix", "name", path));
	cJSON_Delete(doc);
	run_result_free(&r);
	unlink(path);
	rmdir(dir);
}

/*
 * The plan is shown on the terminal; while clean waits for the answer, a
 * process attaches the segment and maps the /dev/shm object.  Then "y":
 * both must be skipped, never removed.  Many times, as a race would be.
 */
static void gaining_a_holder_after_the_plan_is_skipped(void **state)
{
	(void)state;
	need_private_namespaces();
	need_ns_self();
	for (int round = 0; round < 200; round++) {
		int id = orphaned_segment();
		int fd = shm_open("/race", O_CREAT | O_EXCL | O_RDWR, 0600);
		assert_true(fd >= 0);
		assert_int_equal(ftruncate(fd, 4096), 0);
		close(fd);

		int master;
		pid_t pid = forkpty(&master, NULL, NULL, NULL);
		assert_true(pid >= 0);
		if (pid == 0) {
			execl(ipcscope_bin, ipcscope_bin, "clean", "--ignore-unreadable", "--ns", "self",
			      "--kind", "sysv_shm,posix_shm", NULL);
			_exit(127);
		}
		char *plan = read_until_prompt(master);
		char idtext[16];
		snprintf(idtext, sizeof(idtext), "%d", id);
		if (!strstr(plan, "/race") || !strstr(plan, idtext))
			fail_msg("round %d: the plan lacks the objects: %s", round, plan);

		void *seg = shmat(id, NULL, 0);
		assert_true(seg != (void *)-1);
		fd = shm_open("/race", O_RDWR, 0);
		void *map = mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, 0);
		assert_true(map != MAP_FAILED);
		close(fd);
		assert_int_equal(write(master, "y\n", 2), 2);

		char out[65536];
		int status = read_to_end(master, pid, out, sizeof(out));
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("round %d: clean did not exit 0: %s", round, out);
		if (strstr(out, "removed") || !strstr(out, "in use again"))
			fail_msg("round %d: %s", round, out);

		/* Both are still there. */
		struct shmid_ds ds;
		assert_int_equal(shmctl(id, IPC_STAT, &ds), 0);
		assert_int_equal(ds.shm_nattch, 1);
		struct stat st;
		assert_int_equal(stat("/dev/shm/race", &st), 0);

		shmdt(seg);
		munmap(map, 4096);
		shmctl(id, IPC_RMID, NULL);
		shm_unlink("/race");
	}
}

/* nobody (65534) may not remove root's objects, and the report says so. */
static void another_user_cannot_remove_roots_objects(void **state)
{
	(void)state;
	struct run_result r;
	char dir[] = "/tmp/ipcscope-stale-test.XXXXXX", fifo[64];

	need_private_namespaces();
	need_ns_self();
	int id = orphaned_segment();
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chmod(dir, 0755), 0);
	snprintf(fifo, sizeof(fifo), "%s/root.fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);

	char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
			 (char *)ipcscope_bin, "clean", "--yes", "--json", "--ns", "self", "--kind",
			 "sysv_shm,fifo", "--path", dir, NULL };
	run_command(argv, &r);
	assert_int_equal(r.status, 0);
	cJSON *doc = cJSON_Parse(r.out);
	if (!doc)
		fail_msg("not JSON: %s %s", r.out, r.err);
	size_t skipped = 0;
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "results"))
	{
		assert_string_equal(text(o, "action"), "skipped");
		assert_non_null(strstr(text(o, "reason"), "owned by root"));
		skipped++;
	}
	assert_int_equal(skipped, 2);
	cJSON_Delete(doc);
	run_result_free(&r);

	struct shmid_ds ds;
	assert_int_equal(shmctl(id, IPC_STAT, &ds), 0);
	struct stat st;
	assert_int_equal(stat(fifo, &st), 0);

	/* As root the same two go. */
	run_ipcscope(&r, "clean", "--yes", "--ignore-unreadable", "--ns", "self", "--kind",
		     "sysv_shm,fifo", "--path", dir, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "removed"));
	run_result_free(&r);
	assert_int_equal(shmctl(id, IPC_STAT, &ds), -1);
	assert_int_equal(stat(fifo, &st), -1);
	rmdir(dir);
}

#define NS_KEY 0x0a11ce16 /* and NS_KEY + 1 */
#define NS_KEYS "0x0a11ce1[67]"
#define NS_SHMID 4343     /* and NS_SHMID + 1 */

/* A segment of `key` and id `id` made by a process that has exited; -1 on failure. */
static int orphan_of(key_t key, int id)
{
	int p[2], got = -1;

	if (!set_next_shmid(id) || pipe(p) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		got = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
		_exit(write(p[1], &got, sizeof(got)) == sizeof(got) ? 0 : 1);
	}
	close(p[1]);
	if (pid < 0 || read(p[0], &got, sizeof(got)) != sizeof(got))
		got = -1;
	close(p[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
	return got;
}

/* A segment of `key` and id `id` that we attach; -1 on failure. */
static int attached_of(key_t key, int id)
{
	if (!set_next_shmid(id))
		return -1;
	int got = shmget(key, 4096, IPC_CREAT | IPC_EXCL | 0600);
	return got >= 0 && shmat(got, NULL, 0) != (void *)-1 ? got : -1;
}

struct namespace_segments {
	uint64_t ipcns;
	int stale, attached;
};

/* In a new IPC namespace: a stale segment with the id of our attached one, and the reverse. */
static void segments_in_new_namespace(void *arg)
{
	struct namespace_segments *n = arg;
	struct stat st;

	if (unshare(CLONE_NEWIPC) < 0 || stat("/proc/self/ns/ipc", &st) < 0)
		_exit(1);
	n->ipcns = (uint64_t)st.st_ino;
	n->stale = orphan_of(NS_KEY, NS_SHMID);
	n->attached = attached_of(NS_KEY + 1, NS_SHMID + 1);
	if (n->stale != NS_SHMID || n->attached != NS_SHMID + 1)
		_exit(1);
}

static void attach_ours(void *arg)
{
	(void)arg;
	if (attached_of(NS_KEY, NS_SHMID) != NS_SHMID)
		_exit(1);
}

/*
 * Two IPC namespaces with the same ids and keys, each with one stale
 * segment and one attached: clean removes each stale one from inside its
 * own namespace, and leaves both attached ones, whose ids are the stale
 * ones' in the other namespace.  --name keeps clean to these keys.
 */
static void stale_segments_are_removed_inside_their_own_namespace(void **state)
{
	(void)state;
	struct run_result r;
	char theirs_stale[48], theirs_attached[48], ours_stale[16];
	cJSON *o;

	need_private_namespaces(); /* kernel.shm_next_id is set in ours */
	need_root("a new IPC namespace");
	struct namespace_segments n;
	pid_t child = spawn_reporting_holder(segments_in_new_namespace, &n, sizeof(n));
	pid_t holder = spawn_holder(attach_ours, NULL);
	int stale = orphan_of(NS_KEY + 1, NS_SHMID + 1);
	assert_int_equal(stale, NS_SHMID + 1);
	snprintf(theirs_stale, sizeof(theirs_stale), "%d@%llu", NS_SHMID, (unsigned long long)n.ipcns);
	snprintf(theirs_attached, sizeof(theirs_attached), "%d@%llu", NS_SHMID + 1,
		 (unsigned long long)n.ipcns);
	snprintf(ours_stale, sizeof(ours_stale), "%d", NS_SHMID + 1);

	/* Each namespace's segments judged by its own attachments. */
	run_ipcscope(&r, "stale", "--json", "--kind", "sysv_shm", "--name", NS_KEYS, NULL);
	cJSON *doc = parse_document(r.out);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "objects")), 2);
	assert_non_null(find_object(doc, "sysv_shm", "id", theirs_stale));
	assert_non_null(find_object(doc, "sysv_shm", "id", ours_stale));
	cJSON_Delete(doc);
	run_result_free(&r);

	run_ipcscope(&r, "clean", "--yes", "--json", "--kind", "sysv_shm", "--name", NS_KEYS, NULL);
	assert_int_equal(r.status, 0);
	doc = cJSON_Parse(r.out);
	assert_non_null(doc);
	size_t removed = 0;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "results"))
	{
		const char *id = text(cJSON_GetObjectItem(o, "object"), "id");
		if (strcmp(id, theirs_stale) != 0 && strcmp(id, ours_stale) != 0)
			fail_msg("clean acted on %s: %s", id, r.out);
		if (strcmp(text(o, "action"), "removed") != 0)
			fail_msg("%s not removed: %s", id, r.out);
		removed++;
	}
	assert_int_equal(removed, 2);
	cJSON_Delete(doc);
	run_result_free(&r);

	/* Ours: the stale one is gone, the attached one with the child's stale id is there. */
	struct shmid_ds ds;
	assert_int_equal(shmctl(stale, IPC_STAT, &ds), -1);
	assert_int_equal(shmctl(NS_SHMID, IPC_STAT, &ds), 0);
	assert_int_equal(ds.shm_nattch, 1);
	/* Theirs likewise, as seen from here. */
	run_ipcscope(&r, "list", "--json", "--kind", "sysv_shm", "--name", NS_KEYS, NULL);
	doc = parse_document(r.out);
	assert_null(find_object(doc, "sysv_shm", "id", theirs_stale));
	o = find_object(doc, "sysv_shm", "id", theirs_attached);
	assert_non_null(o);
	assert_int_equal(json_number(o, "nattch"), 1);
	cJSON_Delete(doc);
	run_result_free(&r);

	stop_holder(child);
	stop_holder(holder);
	shmctl(NS_SHMID, IPC_RMID, NULL);
}

static void bad_input(void **state)
{
	(void)state;
	struct run_result r;
	static const char *const cases[][4] = {
		{ "stale", "--older-than", "5x", NULL },  { "stale", "--older-than", "", NULL },
		{ "stale", "--path", "tmp", NULL },       { "list", "--path", "/tmp", NULL },
		{ "list", "--older-than", "1h", NULL },   { "stale", "--yes", NULL, NULL },
		{ "clean", "--stale", NULL, NULL },       { "stale", "--kind", "bogus", NULL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		run_ipcscope(&r, cases[i][0], cases[i][1], cases[i][2], cases[i][3], NULL);
		if (r.status != 2 || r.out[0] || !strstr(r.err, "ipcscope"))
			fail_msg("%s %s: status %d, out '%s', err '%s'", cases[i][0], cases[i][1],
				 r.status, r.out, r.err);
		run_result_free(&r);
	}
	/* An option another command takes is named as such. */
	run_ipcscope(&r, "list", "--older-than", "1h", NULL);
	assert_non_null(strstr(r.err, "unknown option '--older-than'"));
	run_result_free(&r);
	/* Off a terminal, clean will not guess: --yes or --dry-run. */
	run_ipcscope(&r, "clean", NULL);
	assert_int_equal(r.status, 2);
	assert_non_null(strstr(r.err, "--yes"));
	run_result_free(&r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stale_finds_exactly_the_left_behind_and_clean_removes_them),
		cmocka_unit_test(an_attached_segment_is_not_stale),
		cmocka_unit_test(a_socket_bound_in_another_namespace_is_not_stale),
		cmocka_unit_test(a_queue_with_a_blocked_receiver_is_not_stale),
		cmocka_unit_test(gaining_a_holder_after_the_plan_is_skipped),
		cmocka_unit_test(another_user_cannot_remove_roots_objects),
		cmocka_unit_test(stale_segments_are_removed_inside_their_own_namespace),
		cmocka_unit_test(bad_input),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     setup_group, NULL);
}
