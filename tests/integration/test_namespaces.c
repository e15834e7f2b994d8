/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope lists the objects of every namespace of the machine: two
 * children in network, IPC and mount namespaces of their own (ns_scene.h)
 * hold the same port, the same SysV ids and keys and the same /dev/shm and
 * queue names, and each object is listed once, with its namespace, held by
 * its own child; the filters select namespaces; --ns self is the view of
 * ipcscope's own namespaces alone.
 */
#include "ns_json.h"
#include "ns_scene.h"
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct ns_child *child_a = &ns_children[0], *child_b = &ns_children[1];

static const struct ns_child *other(const struct ns_child *c)
{
	return c == child_a ? child_b : child_a;
}

/* The peer of `o` is held by `pid` through `fd`, and by no process of the other namespace. */
static void expect_peer(cJSON *o, pid_t pid, int fd)
{
	cJSON *peer = cJSON_GetObjectItem(o, "peer"), *h;

	if (!cJSON_IsObject(peer))
		fail_msg("%s has no peer", describe(o));
	if (!find_holder(peer, pid, fd))
		fail_msg("the peer of %s is not descriptor %d of %d", describe(o), fd, (int)pid);
	cJSON_ArrayForEach(h, cJSON_GetObjectItem(peer, "holders"))
	{
		if (holder_pid(h) != pid && ns_is_child(holder_pid(h)))
			fail_msg("%s is paired with a socket of the other namespace", describe(o));
	}
}

static cJSON *held(cJSON *doc, const char *kind, const struct ns_child *c, int fd)
{
	cJSON *o = find_held(cJSON_GetObjectItem(doc, "objects"), kind, c->pid, fd);
	if (!o)
		fail_msg("no %s held by namespace child %d through descriptor %d", kind, (int)c->pid, fd);
	return o;
}

/* The listener, the two ends and the unix pair of one child, all in its network namespace. */
static void check_sockets_of(cJSON *doc, const struct ns_child *c)
{
	cJSON *listener = held(doc, "tcp", c, NS_FD_LISTENER);
	cJSON *server = held(doc, "tcp", c, NS_FD_SERVER), *client = held(doc, "tcp", c, NS_FD_CLIENT);
	cJSON *unix0 = held(doc, "unix", c, NS_FD_UNIX0), *unix1 = held(doc, "unix", c, NS_FD_UNIX1);
	cJSON *all[] = { listener, server, client, unix0, unix1 };

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		expect_ns(all[i], "netns", c->netns);
	assert_string_equal(str(listener, "state"), "listen");
	assert_int_equal(json_number(listener, "local_port"), NS_PORT);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(listener, "peer")));
	assert_string_equal(str(client, "state"), "established");
	assert_int_equal(json_number(client, "remote_port"), NS_PORT);
	expect_peer(client, c->pid, NS_FD_SERVER);
	assert_true(json_number(cJSON_GetObjectItem(client, "peer"), "inode") == json_number(server, "inode"));
	expect_peer(server, c->pid, NS_FD_CLIENT);
	expect_peer(unix0, c->pid, NS_FD_UNIX1);
	expect_peer(unix1, c->pid, NS_FD_UNIX0);
	/* Its namespace holds these three TCP sockets and nothing else of TCP. */
	struct match tcp = { .kind = "tcp", .ns_key = "netns", .ns = c->netns };
	size_t n = matching(doc, &tcp, NULL);
	if (n != 3)
		fail_msg("%zu tcp objects with \"netns\" %llu, expected 3", n, (unsigned long long)c->netns);
}

/* Established TCP sockets of the two children's namespaces on port NS_PORT. */
static size_t connected_on_port(cJSON *doc, double *inodes, size_t max)
{
	size_t n = 0;
	cJSON *o;

	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		cJSON *kind = cJSON_GetObjectItem(o, "kind"), *state = cJSON_GetObjectItem(o, "state");
		uint64_t netns = ns_of(o, "netns");
		if (!cJSON_IsString(kind) || strcmp(kind->valuestring, "tcp") != 0 || !cJSON_IsString(state) ||
		    strcmp(state->valuestring, "established") != 0 ||
		    (netns != child_a->netns && netns != child_b->netns))
			continue;
		if (json_number(o, "local_port") != NS_PORT && json_number(o, "remote_port") != NS_PORT)
			continue;
		for (size_t i = 0; i < n; i++)
			if (inodes[i] == json_number(o, "inode"))
				fail_msg("socket inode %.0f listed twice", inodes[i]);
		if (n < max)
			inodes[n] = json_number(o, "inode");
		n++;
	}
	return n;
}

/* 127.0.0.1:7000 in two namespaces: two listeners and four different connected sockets. */
static void sockets_are_listed_per_network_namespace(void **state)
{
	(void)state;
	double inodes[8];

	need_scene();
	assert_true(child_a->netns != child_b->netns);
	cJSON *doc = object_document("list", "--kind", "tcp,unix", NULL);
	check_sockets_of(doc, child_a);
	check_sockets_of(doc, child_b);
	size_t n = connected_on_port(doc, inodes, 8);
	if (n != 4)
		fail_msg("%zu connected sockets on port %d in the two namespaces, expected 4", n, NS_PORT);
	cJSON_Delete(doc);
}

/* The segment and the queue of one child: read in its namespace, labelled with it. */
static void check_sysv_of(cJSON *doc, const struct ns_child *c)
{
	char id[48];
	struct match shm = { .kind = "sysv_shm", .ns_key = "ipcns", .ns = c->ipcns, .number_key = "shmid",
			     .number = c->shmid };
	struct match msg = { .kind = "sysv_msg", .ns_key = "ipcns", .ns = c->ipcns, .number_key = "msqid",
			     .number = c->msqid };

	cJSON *seg = the_one(doc, &shm);
	snprintf(id, sizeof(id), "%d@%llu", c->shmid, (unsigned long long)c->ipcns);
	assert_string_equal(str(seg, "id"), id);
	assert_string_equal(str(seg, "key"), NS_SYSV_KEY_TEXT);
	assert_int_equal(json_number(seg, "size"), c->shm_size); /* this namespace's, not the other's */
	assert_int_equal(json_number(seg, "nattch"), 1);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(seg, "holders")), 1);
	if (!find_map_holder(seg, c->pid, "rw"))
		fail_msg("%s is not attached by its child %d", describe(seg), (int)c->pid);

	cJSON *queue = the_one(doc, &msg);
	snprintf(id, sizeof(id), "%d@%llu", c->msqid, (unsigned long long)c->ipcns);
	assert_string_equal(str(queue, "id"), id);
	assert_int_equal(json_number(queue, "messages"), c->messages);
	assert_int_equal(json_number(queue, "bytes"), c->messages * NS_MSG_SIZE);
}

/* Fresh IPC namespaces give the same ids to the same key: each listed once, with its namespace. */
static void sysv_objects_are_listed_per_ipc_namespace(void **state)
{
	(void)state;
	need_scene();
	if (child_a->shmid != child_b->shmid || child_a->msqid != child_b->msqid)
		fail_msg("the scene was to make colliding ids: segments %d and %d, queues %d and %d",
			 child_a->shmid, child_b->shmid, child_a->msqid, child_b->msqid);
	cJSON *doc = object_document("list", "--kind", "sysv_shm,sysv_msg", NULL);
	check_sysv_of(doc, child_a);
	check_sysv_of(doc, child_b);
	cJSON_Delete(doc);
}

/* Every holder of `o` is the child `c`, and it maps it read-write. */
static void expect_mapped_by(cJSON *o, const struct ns_child *c)
{
	cJSON *h;

	if (!find_map_holder(o, c->pid, "rw"))
		fail_msg("%s is not mapped by its child %d", describe(o), (int)c->pid);
	cJSON_ArrayForEach(h, cJSON_GetObjectItem(o, "holders"))
	{
		if (holder_pid(h) == other(c)->pid)
			fail_msg("%s is held by the child of another namespace", describe(o));
	}
}

static void expect_deleted(cJSON *o, bool deleted)
{
	cJSON *v = cJSON_GetObjectItem(o, "deleted");
	if (!cJSON_IsBool(v) || cJSON_IsTrue(v) != deleted)
		fail_msg("%s: \"deleted\" is not %s", describe(o), deleted ? "true" : "false");
}

/* /nsdemo, the unlinked /nsgone, the semaphore and the queue of one child. */
static void check_posix_of(cJSON *doc, const struct ns_child *c)
{
	char id[64];
	struct match in_mnt = { .kind = "posix_shm", .ns_key = "mntns", .ns = c->mntns };
	struct match demo = { .kind = "posix_shm", .ns_key = "mntns", .ns = c->mntns, .name = NS_SHM_NAME };
	struct match gone = { .kind = "posix_shm", .ns_key = "mntns", .ns = c->mntns, .number_key = "inode",
			      .number = (double)c->gone_ino };
	struct match sem = { .kind = "posix_sem", .ns_key = "mntns", .ns = c->mntns, .name = NS_SEM_NAME };

	size_t files = matching(doc, &in_mnt, NULL);
	if (files != 2)
		fail_msg("%zu posix_shm objects with \"mntns\" %llu, expected %s and %s", files,
			 (unsigned long long)c->mntns, NS_SHM_NAME, NS_GONE_NAME);
	cJSON *o = the_one(doc, &demo);
	/* Its inode, not its name again, and the namespace. */
	snprintf(id, sizeof(id), "%llu@%llu", (unsigned long long)c->demo_ino,
		 (unsigned long long)c->mntns);
	assert_string_equal(str(o, "id"), id);
	assert_true(json_number(o, "inode") == (double)c->demo_ino);
	assert_int_equal(json_number(o, "size"), c->shm_size);
	expect_deleted(o, false);
	expect_mapped_by(o, c);

	o = the_one(doc, &gone);
	expect_deleted(o, true);
	expect_mapped_by(o, c);

	o = the_one(doc, &sem);
	expect_deleted(o, false);
	assert_int_equal(json_number(o, "value"), c->messages);
	expect_mapped_by(o, c);

	o = held(doc, "posix_mq", c, NS_FD_QUEUE);
	expect_ns(o, "ipcns", c->ipcns);
	snprintf(id, sizeof(id), "%.0f@%llu", json_number(o, "inode"), (unsigned long long)c->ipcns);
	assert_string_equal(str(o, "id"), id);
	assert_string_equal(str(o, "name"), NS_MQ_NAME);
	assert_int_equal(json_number(o, "messages"), c->messages);
	expect_deleted(o, false);
}

/* Same names in two private /dev/shm and /dev/mqueue mounts: distinct objects, each its own child's. */
static void posix_objects_are_listed_per_namespace(void **state)
{
	(void)state;
	need_scene();
	cJSON *doc = object_document("list", "--kind", "posix_shm,posix_sem,posix_mq", NULL);
	check_posix_of(doc, child_a);
	check_posix_of(doc, child_b);
	cJSON_Delete(doc);
}

/* Whether our cgroup names a container or service, which our children's holders would then name. */
static bool cgroup_names_a_container(void)
{
	static const char *const marks[] = { "docker", "containerd", "libpod", "lxc", ".service" };
	char line[512];
	bool named = false;
	FILE *f = fopen("/proc/self/cgroup", "r");

	while (f && fgets(line, sizeof(line), f))
		for (size_t i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
			named |= strstr(line, marks[i]) != NULL;
	if (f)
		fclose(f);
	return named;
}

/* Each holder of our children in `holders` has "container": null, or one same string in a container. */
static size_t check_containers(cJSON *holders, bool in_container, char **seen)
{
	size_t n = 0;
	cJSON *h;

	cJSON_ArrayForEach(h, holders)
	{
		if (!ns_is_child(holder_pid(h)))
			continue;
		cJSON *v = cJSON_GetObjectItem(h, "container");
		if (!v)
			fail_msg("a holder of pid %d has no \"container\"", (int)holder_pid(h));
		if (!in_container && !cJSON_IsNull(v))
			fail_msg("pid %d runs in no container, but its holder says %s", (int)holder_pid(h),
				 cJSON_IsString(v) ? v->valuestring : "a non-string");
		char *text = cJSON_PrintUnformatted(v);
		if (!*seen)
			*seen = strdup(text);
		else if (strcmp(*seen, text) != 0)
			fail_msg("holders of one cgroup name two containers: %s and %s", *seen, text);
		free(text);
		n++;
	}
	return n;
}

static void holders_name_their_container(void **state)
{
	(void)state;
	bool in_container = cgroup_names_a_container();
	char *seen = NULL;
	size_t n = 0;
	cJSON *o;

	need_scene();
	cJSON *doc = object_document("list", NULL, NULL, NULL);
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		n += check_containers(cJSON_GetObjectItem(o, "holders"), in_container, &seen);
		n += check_containers(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "peer"), "holders"),
				      in_container, &seen);
	}
	/* In each namespace: 5 sockets and 4 peers, a segment, 2 files, a semaphore and a queue. */
	if (n < 2 * 14)
		fail_msg("only %zu holders of the children were listed", n);
	free(seen);
	cJSON_Delete(doc);
}

/* Kinds whose objects a namespace tells apart. */
static bool namespaced(const char *kind)
{
	static const char *const kinds[] = { "unix", "tcp", "udp", "raw", "sysv_shm", "sysv_msg",
					     "sysv_sem", "posix_shm", "posix_sem", "posix_mq" };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return true;
	return false;
}

/* No two objects of one kind have the same id. */
static void expect_unique_ids(cJSON *doc)
{
	cJSON *objects = cJSON_GetObjectItem(doc, "objects"), *o, *p;

	cJSON_ArrayForEach(o, objects)
	{
		const char *kind = str(o, "kind");
		if (!namespaced(kind))
			continue;
		for (p = o->next; p; p = p->next)
			if (strcmp(str(p, "kind"), kind) == 0 && strcmp(str(p, "id"), str(o, "id")) == 0)
				fail_msg("two %s objects have the id %s", kind, str(o, "id"));
	}
}

/* Our own segment keeps its bare id beside the children's, which collide with it. */
static void ids_are_unique_in_one_listing(void **state)
{
	(void)state;
	char bare[16];

	need_scene();
	int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	assert_true(id >= 0);
	void *at = shmat(id, NULL, 0);
	assert_true(at != (void *)-1);

	cJSON *doc = object_document("list", NULL, NULL, NULL);
	struct match own = { .kind = "sysv_shm", .ns_key = "ipcns", .ns = ns_inode(getpid(), "ipc"),
			     .number_key = "shmid", .number = id };
	snprintf(bare, sizeof(bare), "%d", id);
	assert_string_equal(str(the_one(doc, &own), "id"), bare);
	expect_unique_ids(doc);
	cJSON_Delete(doc);
	shmdt(at);
	shmctl(id, IPC_RMID, NULL);
}

static void expect_only(cJSON *doc, const char *key, uint64_t ns)
{
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
		expect_ns(o, key, ns);
}

/* --netns and --ipcns: that namespace's objects, and no object without the field. */
static void filters_select_one_namespace(void **state)
{
	(void)state;
	char inode[24];

	need_scene();
	for (int i = 0; i < NS_CHILDREN; i++) {
		const struct ns_child *c = &ns_children[i];
		snprintf(inode, sizeof(inode), "%llu", (unsigned long long)c->netns);
		cJSON *doc = object_document("list", "--netns", inode, NULL);
		expect_only(doc, "netns", c->netns);
		check_sockets_of(doc, c);
		cJSON_Delete(doc);

		snprintf(inode, sizeof(inode), "%llu", (unsigned long long)c->ipcns);
		doc = object_document("list", "--ipcns", inode, NULL);
		expect_only(doc, "ipcns", c->ipcns);
		check_sysv_of(doc, c);
		expect_ns(held(doc, "posix_mq", c, NS_FD_QUEUE), "ipcns", c->ipcns);
		cJSON_Delete(doc);
	}
}

static bool of_a_child(cJSON *o)
{
	static const char *const keys[] = { "netns", "ipcns", "mntns" };
	cJSON *h;

	for (int i = 0; i < NS_CHILDREN; i++) {
		const struct ns_child *c = &ns_children[i];
		uint64_t inodes[] = { c->netns, c->ipcns, c->mntns };
		for (size_t k = 0; k < 3; k++)
			if (ns_of(o, keys[k]) == inodes[k])
				return true;
	}
	cJSON_ArrayForEach(h, cJSON_GetObjectItem(o, "holders"))
	{
		if (ns_is_child(holder_pid(h)))
			return true;
	}
	return false;
}

/* --ns self: what our own namespaces hold, and nothing of the children's. */
static void ns_self_lists_only_our_own(void **state)
{
	(void)state;
	int pair[2];
	cJSON *o;

	need_scene();
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
	cJSON *doc = object_document("list", "--ns", "self", NULL);
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		if (namespaced(str(o, "kind")) && of_a_child(o))
			fail_msg("--ns self lists %s of a child's namespace", describe(o));
	}
	cJSON *mine = find_held(cJSON_GetObjectItem(doc, "objects"), "unix", getpid(), pair[0]);
	if (!mine)
		fail_msg("--ns self does not list our own socket");
	expect_ns(mine, "netns", ns_inode(getpid(), "net"));
	cJSON_Delete(doc);
	close(pair[0]);
	close(pair[1]);
}

static void bad_namespace_options(void **state)
{
	(void)state;
	expect_usage_error("abc", "list", "--netns", "abc", NULL);
	expect_usage_error("12x", "list", "--ipcns", "12x", NULL);
	expect_usage_error("-5", "stale", "--netns", "-5", NULL);
	expect_usage_error("elsewhere", "list", "--ns", "elsewhere", NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sockets_are_listed_per_network_namespace),
		cmocka_unit_test(sysv_objects_are_listed_per_ipc_namespace),
		cmocka_unit_test(posix_objects_are_listed_per_namespace),
		cmocka_unit_test(holders_name_their_container),
		cmocka_unit_test(ids_are_unique_in_one_listing),
		cmocka_unit_test(filters_select_one_namespace),
		cmocka_unit_test(ns_self_lists_only_our_own),
		cmocka_unit_test(bad_namespace_options),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     ns_scene_setup, ns_scene_teardown);
}
