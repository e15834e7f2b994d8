/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Sockets of two network namespaces at once: ours, and one a child makes,
 * each with a listener on the same port and a connection between the same
 * two addresses and ports.  Every socket is listed once with the namespace
 * it is in, and each end's peer is the other end in its own namespace.
 */
#include "runner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

/* Where each namespace's scene keeps its descriptors, so the test knows them. */
enum { LISTENER_FD = 40, CLIENT_FD, ACCEPTED_FD, UNIX_FD };

struct scene {
	int port;        /* the listeners' */
	int client_port; /* the connected clients' */
	int closed_port; /* a client that closed first: time_wait */
	char unix_name[64];
};

static struct sockaddr_in loopback(int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	return a;
}

static int free_port(void)
{
	struct sockaddr_in a = loopback(0);
	socklen_t len = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&a, &len), 0);
	close(fd);
	return ntohs(a.sin_port);
}

/* A client bound to a known port and connected to the listener; -1 on failure. */
static int connect_from(int listener_port, int client_port)
{
	struct sockaddr_in from = loopback(client_port), to = loopback(listener_port);
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&from, sizeof(from)) < 0 ||
	    connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0)
		return -1;
	return fd;
}

/*
 * In the child's new namespace: the listener, a connection to it from
 * client_port, another from closed_port closed client first (so it stays
 * in time_wait, without an inode), and a unix socket.
 */
static void make_scene(void *arg)
{
	const struct scene *s = arg;
	struct sockaddr_in at = loopback(s->port);
	struct sockaddr_un un = { .sun_family = AF_UNIX };

	if (unshare(CLONE_NEWNET) < 0)
		_exit(1);
	bring_up_loopback(NULL);
	int l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&at, sizeof(at)) < 0 || listen(l, 4) < 0 ||
	    dup2(l, LISTENER_FD) != LISTENER_FD)
		_exit(1);
	int c = connect_from(s->port, s->client_port), a = accept(l, NULL, NULL);
	if (c < 0 || a < 0 || dup2(c, CLIENT_FD) != CLIENT_FD || dup2(a, ACCEPTED_FD) != ACCEPTED_FD)
		_exit(1);
	close(l);
	close(c);
	close(a);
	int closing = connect_from(s->port, s->closed_port), closed = accept(LISTENER_FD, NULL, NULL);
	if (closing < 0 || closed < 0)
		_exit(1);
	close(closing);
	close(closed);
	memcpy(un.sun_path + 1, s->unix_name, strlen(s->unix_name));
	int u = socket(AF_UNIX, SOCK_DGRAM, 0);
	socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(s->unix_name));
	if (u < 0 || bind(u, (struct sockaddr *)&un, len) < 0 || dup2(u, UNIX_FD) != UNIX_FD)
		_exit(1);
	close(u);
}

static void connect_here(void *arg)
{
	const struct scene *s = arg;
	int c = connect_from(s->port, s->client_port);
	if (c < 0 || dup2(c, CLIENT_FD) != CLIENT_FD)
		_exit(1);
	close(c);
}

static cJSON *list(const char *kind, const char *flag, const char *value, const char *flag2,
		   const char *value2)
{
	struct run_result r;
	run_ipcscope(&r, "list", "--json", "--kind", kind, flag, value, flag2, value2, NULL);
	if (r.status != 0)
		fail_msg("ipcscope exited %d: %s", r.status, r.err);
	cJSON *doc = parse_document(r.out);
	run_result_free(&r);
	return doc;
}

/* obj's peer is the socket `other`, which (pid, fd) holds. */
static void assert_paired(cJSON *obj, cJSON *other, pid_t pid, int fd)
{
	cJSON *peer = cJSON_GetObjectItem(obj, "peer");
	if (!cJSON_IsObject(peer))
		fail_msg("no peer in %s", cJSON_PrintUnformatted(obj));
	assert_true(json_number(peer, "inode") == json_number(other, "inode"));
	assert_non_null(find_holder(peer, pid, fd));
}

struct two_namespaces {
	struct scene s;
	int listener, accepted;
	pid_t here, there; /* our client, and the child in its own namespace */
	double ours, theirs;
	char port[16];
};

static int setup(void **state)
{
	bring_up_loopback(NULL);
	struct two_namespaces *t = calloc(1, sizeof(*t));
	t->s.port = free_port();
	t->s.client_port = free_port();
	t->s.closed_port = free_port();
	snprintf(t->s.unix_name, sizeof(t->s.unix_name), "ipcscope-netns-%d", getpid());
	snprintf(t->port, sizeof(t->port), "%d", t->s.port);

	struct sockaddr_in at = loopback(t->s.port);
	t->listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_int_equal(bind(t->listener, (struct sockaddr *)&at, sizeof(at)), 0);
	assert_int_equal(listen(t->listener, 4), 0);
	t->here = spawn_holder(connect_here, &t->s);
	t->accepted = accept4(t->listener, NULL, NULL, SOCK_CLOEXEC);
	assert_true(t->accepted >= 0);
	t->there = spawn_holder(make_scene, &t->s);
	t->ours = netns_of(0);
	t->theirs = netns_of(t->there);
	assert_true(t->ours != t->theirs);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct two_namespaces *t = *state;
	if (t) {
		stop_holder(t->here);
		stop_holder(t->there);
		close(t->accepted);
		close(t->listener);
		free(t);
	}
	return 0;
}

static void in_netns(cJSON *obj, double netns)
{
	if (!obj)
		fail_msg("a socket of the scene is not listed");
	assert_true(json_number(obj, "netns") == netns);
}

static void same_port_in_two_namespaces(void **state)
{
	struct two_namespaces *t = *state;
	cJSON *doc = list("tcp", "--port", t->port, NULL, NULL);
	cJSON *objects = cJSON_GetObjectItem(doc, "objects");

	cJSON *our_listener = find_held(objects, "tcp", getpid(), t->listener);
	cJSON *our_server = find_held(objects, "tcp", getpid(), t->accepted);
	cJSON *our_client = find_held(objects, "tcp", t->here, CLIENT_FD);
	cJSON *their_listener = find_held(objects, "tcp", t->there, LISTENER_FD);
	cJSON *their_server = find_held(objects, "tcp", t->there, ACCEPTED_FD);
	cJSON *their_client = find_held(objects, "tcp", t->there, CLIENT_FD);
	in_netns(our_listener, t->ours);
	in_netns(our_server, t->ours);
	in_netns(our_client, t->ours);
	in_netns(their_listener, t->theirs);
	in_netns(their_server, t->theirs);
	in_netns(their_client, t->theirs);
	assert_true(json_number(our_listener, "local_port") == json_number(their_listener, "local_port"));
	assert_true(json_number(our_client, "local_port") == json_number(their_client, "local_port"));

	/* The same 4-tuple in both: each end pairs with the other end in its own namespace. */
	assert_paired(our_client, our_server, getpid(), t->accepted);
	assert_paired(our_server, our_client, t->here, CLIENT_FD);
	assert_paired(their_client, their_server, t->there, ACCEPTED_FD);
	assert_paired(their_server, their_client, t->there, CLIENT_FD);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(our_listener, "peer")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(their_listener, "peer")));
	cJSON_Delete(doc);
}

/* The time_wait socket from closed_port to port, or NULL. */
static cJSON *time_wait_of(cJSON *doc, int from, int to)
{
	cJSON *o;

	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
		if (strcmp(cJSON_GetObjectItem(o, "kind")->valuestring, "tcp") == 0 &&
		    json_number(o, "local_port") == from && json_number(o, "remote_port") == to &&
		    strcmp(cJSON_GetObjectItem(o, "state")->valuestring, "time_wait") == 0)
			return o;
	return NULL;
}

/*
 * A socket without an inode has a short id ("tw:" and twelve hex digits)
 * that is the same in the next listing, and outside our namespace the
 * namespace after "@"; its 4-tuple stays in its attributes.
 */
static void time_wait_id_names_its_namespace(void **state)
{
	struct two_namespaces *t = *state;
	char suffix[40];
	snprintf(suffix, sizeof(suffix), "@%.0f", t->theirs);

	cJSON *doc = NULL, *tw = NULL;
	/* The close runs on in the kernel after the child has returned. */
	for (int tries = 0; tries < 100 && !tw; tries++) {
		cJSON_Delete(doc);
		doc = list("tcp", "--port", t->port, NULL, NULL);
		tw = time_wait_of(doc, t->s.closed_port, t->s.port);
		if (!tw)
			usleep(20 * 1000);
	}
	if (!tw)
		fail_msg("no time_wait socket from port %d", t->s.closed_port);
	const char *id = cJSON_GetObjectItem(tw, "id")->valuestring;
	assert_int_equal(strlen(id), strlen("tw:") + 12 + strlen(suffix));
	assert_memory_equal(id, "tw:", 3);
	assert_int_equal(strspn(id + 3, "0123456789abcdef"), 12);
	assert_string_equal(id + 15, suffix);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(tw, "inode")));
	assert_true(json_number(tw, "netns") == t->theirs);
	assert_string_equal(cJSON_GetObjectItem(tw, "remote_addr")->valuestring, "127.0.0.1");

	cJSON *again = list("tcp", "--port", t->port, NULL, NULL);
	cJSON *same = time_wait_of(again, t->s.closed_port, t->s.port);
	if (same)
		assert_string_equal(cJSON_GetObjectItem(same, "id")->valuestring, id);
	cJSON_Delete(again);
	cJSON_Delete(doc);
}

static void unix_socket_of_another_namespace(void **state)
{
	struct two_namespaces *t = *state;
	char name[80];
	snprintf(name, sizeof(name), "@%s", t->s.unix_name);

	cJSON *doc = list("unix", "--name", name, NULL, NULL);
	cJSON *objects = cJSON_GetObjectItem(doc, "objects");
	assert_int_equal(cJSON_GetArraySize(objects), 1);
	in_netns(find_held(objects, "unix", t->there, UNIX_FD), t->theirs);
	cJSON_Delete(doc);

	/* Without sock_diag it comes from the child's /proc/PID/net/unix. */
	setenv("IPCSCOPE_SOCK_DIAG", "off", 1);
	doc = list("unix", "--name", name, NULL, NULL);
	unsetenv("IPCSCOPE_SOCK_DIAG");
	objects = cJSON_GetObjectItem(doc, "objects");
	assert_int_equal(cJSON_GetArraySize(objects), 1);
	in_netns(find_held(objects, "unix", t->there, UNIX_FD), t->theirs);
	assert_true(has_warning(doc, "/proc/PID/net/unix"));
	cJSON_Delete(doc);
}

/* The same sockets from the /proc/net files of each namespace: still paired within each. */
static void fallback_pairs_within_each_namespace(void **state)
{
	struct two_namespaces *t = *state;
	setenv("IPCSCOPE_SOCK_DIAG", "off", 1);
	cJSON *doc = list("tcp", "--port", t->port, NULL, NULL);
	unsetenv("IPCSCOPE_SOCK_DIAG");
	cJSON *objects = cJSON_GetObjectItem(doc, "objects");

	cJSON *our_server = find_held(objects, "tcp", getpid(), t->accepted);
	cJSON *their_client = find_held(objects, "tcp", t->there, CLIENT_FD);
	cJSON *their_server = find_held(objects, "tcp", t->there, ACCEPTED_FD);
	in_netns(our_server, t->ours);
	in_netns(their_client, t->theirs);
	in_netns(their_server, t->theirs);
	assert_paired(their_client, their_server, t->there, ACCEPTED_FD);
	assert_paired(our_server, find_held(objects, "tcp", t->here, CLIENT_FD), t->here, CLIENT_FD);
	/* One line for the cause, whatever the number of namespaces. */
	int lines = 0;
	cJSON *w;
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(doc, "warnings"))
		lines += strstr(w->valuestring, "IPCSCOPE_SOCK_DIAG=off") != NULL;
	assert_int_equal(lines, 1);
	cJSON_Delete(doc);
}

/* --ns self is the old view, and --netns one namespace's. */
static void namespace_filters(void **state)
{
	struct two_namespaces *t = *state;
	struct run_result r;
	run_ipcscope(&r, "list", "--json", "--kind", "tcp", "--ns", "self", NULL);
	bool known = r.status != 2;
	run_result_free(&r);
	if (!known)
		skip_because("this ipcscope has no --ns option");

	cJSON *doc = list("tcp", "--port", t->port, "--ns", "self");
	cJSON *o, *objects = cJSON_GetObjectItem(doc, "objects");
	assert_non_null(find_held(objects, "tcp", getpid(), t->listener));
	cJSON_ArrayForEach(o, objects)
		assert_true(json_number(o, "netns") == t->ours);
	cJSON_Delete(doc);

	char netns[32];
	snprintf(netns, sizeof(netns), "%.0f", t->theirs);
	doc = list("tcp", "--port", t->port, "--netns", netns);
	objects = cJSON_GetObjectItem(doc, "objects");
	assert_non_null(find_held(objects, "tcp", t->there, LISTENER_FD));
	cJSON_ArrayForEach(o, objects)
		assert_true(json_number(o, "netns") == t->theirs);
	cJSON_Delete(doc);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_port_in_two_namespaces),
		cmocka_unit_test(time_wait_id_names_its_namespace),
		cmocka_unit_test(unix_socket_of_another_namespace),
		cmocka_unit_test(fallback_pairs_within_each_namespace),
		cmocka_unit_test(namespace_filters),
	};
	/* The child's namespace takes root, as do ours. */
	need_private_namespaces();
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]), setup,
				     teardown);
}
