/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unix sockets between real processes: both ends of each connection, by pid and fd. */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* Descriptor numbers the children move their ends to, so the test knows them. */
#define CHILD_FD 40

static unsigned long long inode_of(int fd)
{
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	return (unsigned long long)st.st_ino;
}

static cJSON *list_unix(const char *extra_flag, const char *extra_value)
{
	struct run_result r;
	run_ipcscope(&r, "list", "--json", "--kind", "unix", extra_flag, extra_value, NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	run_result_free(&r);
	return doc;
}

/* The peer's holders include (pid, fd), and its inode is the expected one. */
static void assert_peer(cJSON *obj, unsigned long long inode, pid_t pid, int fd)
{
	cJSON *peer = cJSON_GetObjectItem(obj, "peer");
	if (!cJSON_IsObject(peer))
		fail_msg("no peer in %s", cJSON_PrintUnformatted(obj));
	assert_true(cJSON_GetObjectItem(peer, "inode")->valuedouble == (double)inode);
	assert_non_null(find_holder(peer, pid, fd));
}

static void move_to_child_fd(void *arg)
{
	int *fd = arg;
	if (dup2(*fd, CHILD_FD) != CHILD_FD)
		_exit(1);
}

static void socketpair_across_fork(void **state)
{
	(void)state;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	pid_t child = spawn_holder(move_to_child_fd, &sv[1]);
	close(sv[1]);

	cJSON *doc = list_unix(NULL, NULL);
	cJSON *objects = cJSON_GetObjectItem(doc, "objects");
	cJSON *theirs = find_held(objects, "unix", child, CHILD_FD);
	cJSON *ours = find_held(objects, "unix", getpid(), sv[0]);
	assert_non_null(theirs);
	assert_non_null(ours);
	/* Listed from the dump of our own network namespace, where both ends are. */
	assert_true(json_number(ours, "netns") == netns_of(0));
	assert_true(json_number(theirs, "netns") == netns_of(0));
	assert_string_equal(cJSON_GetObjectItem(ours, "type")->valuestring, "stream");
	assert_string_equal(cJSON_GetObjectItem(ours, "state")->valuestring, "connected");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(ours, "name")));
	assert_int_equal(cJSON_GetObjectItem(ours, "uid")->valueint, geteuid());
	assert_string_equal(cJSON_GetObjectItem(find_holder(ours, getpid(), sv[0]), "access")->valuestring,
			    "rw");
	/* Each end names the other, in both directions. */
	assert_peer(ours, (unsigned long long)cJSON_GetObjectItem(theirs, "inode")->valuedouble, child,
		    CHILD_FD);
	assert_peer(theirs, inode_of(sv[0]), getpid(), sv[0]);
	cJSON_Delete(doc);
	stop_holder(child);
	close(sv[0]);
}

struct listener_scene {
	char dir[64];
	struct sockaddr_un addr;
	int listener, accepted;
	pid_t client, waiting; /* one accepted, one still in the backlog */
};

static void connect_client(void *arg)
{
	struct listener_scene *s = arg;
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&s->addr, sizeof(s->addr)) < 0 ||
	    dup2(fd, CHILD_FD) != CHILD_FD)
		_exit(1);
}

static void listener_with_clients(void **state)
{
	(void)state;
	struct listener_scene s = { 0 };
	strcpy(s.dir, "/tmp/ipcscope-test.XXXXXX");
	assert_non_null(mkdtemp(s.dir));
	s.addr.sun_family = AF_UNIX;
	snprintf(s.addr.sun_path, sizeof(s.addr.sun_path), "%s/x.sock", s.dir);
	s.listener = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(bind(s.listener, (struct sockaddr *)&s.addr, sizeof(s.addr)), 0);
	assert_int_equal(listen(s.listener, 5), 0);
	s.client = spawn_holder(connect_client, &s);
	s.accepted = accept4(s.listener, NULL, NULL, SOCK_CLOEXEC);
	assert_true(s.accepted >= 0);
	s.waiting = spawn_holder(connect_client, &s);

	cJSON *doc = list_unix(NULL, NULL);
	cJSON *objects = cJSON_GetObjectItem(doc, "objects");
	cJSON *listener = find_held(objects, "unix", getpid(), s.listener);
	assert_non_null(listener);
	assert_string_equal(cJSON_GetObjectItem(listener, "name")->valuestring, s.addr.sun_path);
	assert_string_equal(cJSON_GetObjectItem(listener, "state")->valuestring, "listen");
	assert_int_equal(cJSON_GetObjectItem(listener, "pending")->valueint, 1);
	assert_int_equal(cJSON_GetObjectItem(listener, "backlog")->valueint, 5);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(listener, "rqueue")));
	assert_true(json_number(listener, "netns") == netns_of(0));

	/* The accepted connection and its client name each other. */
	cJSON *server_end = find_held(objects, "unix", getpid(), s.accepted);
	cJSON *client_end = find_held(objects, "unix", s.client, CHILD_FD);
	assert_non_null(server_end);
	assert_non_null(client_end);
	assert_string_equal(cJSON_GetObjectItem(client_end, "state")->valuestring, "connected");
	assert_peer(client_end, inode_of(s.accepted), getpid(), s.accepted);
	assert_peer(server_end, (unsigned long long)cJSON_GetObjectItem(client_end, "inode")->valuedouble,
		    s.client, CHILD_FD);

	/* The client still waiting for accept(): its other end has no inode yet, so no peer. */
	cJSON *waiting = find_held(objects, "unix", s.waiting, CHILD_FD);
	assert_non_null(waiting);
	assert_string_equal(cJSON_GetObjectItem(waiting, "state")->valuestring, "connected");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(waiting, "peer")));
	cJSON_Delete(doc);

	/* --name picks the sockets bound to that path, and nothing else. */
	char glob[128];
	snprintf(glob, sizeof(glob), "%s/*.sock", s.dir);
	doc = list_unix("--name", glob);
	objects = cJSON_GetObjectItem(doc, "objects");
	assert_non_null(find_held(objects, "unix", getpid(), s.listener));
	cJSON *o;
	cJSON_ArrayForEach(o, objects)
		assert_string_equal(cJSON_GetObjectItem(o, "name")->valuestring, s.addr.sun_path);
	cJSON_Delete(doc);

	/* Without sock_diag the listener is still found, from /proc/net/unix, and the output says so. */
	setenv("IPCSCOPE_SOCK_DIAG", "off", 1);
	doc = list_unix(NULL, NULL);
	unsetenv("IPCSCOPE_SOCK_DIAG");
	objects = cJSON_GetObjectItem(doc, "objects");
	listener = find_held(objects, "unix", getpid(), s.listener);
	assert_non_null(listener);
	assert_string_equal(cJSON_GetObjectItem(listener, "state")->valuestring, "listen");
	assert_string_equal(cJSON_GetObjectItem(listener, "name")->valuestring, s.addr.sun_path);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(listener, "peer")));
	assert_true(json_number(listener, "netns") == netns_of(0));
	cJSON *warnings = cJSON_GetObjectItem(doc, "warnings");
	assert_true(cJSON_GetArraySize(warnings) >= 1);
	assert_non_null(strstr(cJSON_GetArrayItem(warnings, 0)->valuestring, "/proc/net/unix"));
	cJSON_Delete(doc);

	stop_holder(s.client);
	stop_holder(s.waiting);
	close(s.accepted);
	close(s.listener);
	unlink(s.addr.sun_path);
	rmdir(s.dir);
}

static void bind_abstract(void *arg)
{
	const char *name = arg;
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t len = strlen(name);
	memcpy(addr.sun_path + 1, name, len); /* a leading NUL: the abstract namespace */
	int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	if (fd < 0 ||
	    bind(fd, (struct sockaddr *)&addr, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + len)) < 0 ||
	    dup2(fd, CHILD_FD) != CHILD_FD)
		_exit(1);
}

static void abstract_socket(void **state)
{
	(void)state;
	char name[64], shown[72];
	snprintf(name, sizeof(name), "ipcscope-test-%d", getpid());
	snprintf(shown, sizeof(shown), "@%s", name);
	pid_t child = spawn_holder(bind_abstract, name);

	cJSON *doc = list_unix("--name", shown);
	cJSON *objects = cJSON_GetObjectItem(doc, "objects");
	assert_int_equal(cJSON_GetArraySize(objects), 1);
	cJSON *sock = find_held(objects, "unix", child, CHILD_FD);
	assert_non_null(sock);
	assert_string_equal(cJSON_GetObjectItem(sock, "name")->valuestring, shown);
	assert_string_equal(cJSON_GetObjectItem(sock, "type")->valuestring, "dgram");
	assert_string_equal(cJSON_GetObjectItem(sock, "state")->valuestring, "unconnected");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(sock, "peer")));
	assert_true(json_number(sock, "netns") == netns_of(0));
	cJSON_Delete(doc);
	stop_holder(child);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(socketpair_across_fork),
		cmocka_unit_test(listener_with_clients),
		cmocka_unit_test(abstract_socket),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
