/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TCP, UDP and raw sockets between real processes over loopback. */
#include "runner.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHILD_FD 40

static unsigned long long inode_of(int fd)
{
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	return (unsigned long long)st.st_ino;
}

static int local_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&ss, &len), 0);
	return ntohs(ss.ss_family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port
					      : ((struct sockaddr_in6 *)&ss)->sin6_port);
}

static cJSON *list(const char *kind, const char *flag, const char *value)
{
	struct run_result r;
	run_ipcscope(&r, "list", "--json", "--kind", kind, flag, value, NULL);
	if (r.status != 0)
		fail_msg("ipcscope exited %d: %s", r.status, r.err);
	cJSON *doc = parse_document(r.out);
	run_result_free(&r);
	return doc;
}

static const char *str(cJSON *obj, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(obj, key);
	if (!cJSON_IsString(v))
		fail_msg("'%s' is not a string in %s", key, cJSON_PrintUnformatted(obj));
	return v->valuestring;
}

static double num(cJSON *obj, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(obj, key);
	if (!cJSON_IsNumber(v))
		fail_msg("'%s' is not a number in %s", key, cJSON_PrintUnformatted(obj));
	return v->valuedouble;
}

/* The objects listed from the dump of network namespace netns. */
static int count_in_netns(cJSON *objects, double netns)
{
	int n = 0;
	cJSON *o;

	cJSON_ArrayForEach(o, objects)
		n += num(o, "netns") == netns;
	return n;
}

struct tcp_scene {
	int family;
	struct sockaddr_storage addr;
	socklen_t addrlen;
};

static void connect_tcp(void *arg)
{
	struct tcp_scene *s = arg;
	int fd = socket(s->family, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, (struct sockaddr *)&s->addr, s->addrlen) < 0 ||
	    dup2(fd, CHILD_FD) != CHILD_FD)
		_exit(1);
}

static void tcp_connection(int family, const char *loopback, const char *family_name)
{
	struct tcp_scene s = { .family = family };
	int listener = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(listener >= 0);
	if (family == AF_INET) {
		struct sockaddr_in *a = (struct sockaddr_in *)&s.addr;
		a->sin_family = AF_INET;
		inet_pton(AF_INET, loopback, &a->sin_addr);
		s.addrlen = sizeof(*a);
	} else {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)&s.addr;
		a->sin6_family = AF_INET6;
		inet_pton(AF_INET6, loopback, &a->sin6_addr);
		s.addrlen = sizeof(*a);
	}
	if (bind(listener, (struct sockaddr *)&s.addr, s.addrlen) < 0) {
		close(listener);
		skip_because("no loopback address of this family here, e.g. IPv6 disabled");
	}
	assert_int_equal(listen(listener, 7), 0);
	int port = local_port(listener);
	((struct sockaddr_in *)&s.addr)->sin_port = htons((uint16_t)port); /* same offset in v6 */
	pid_t client = spawn_holder(connect_tcp, &s);
	int accepted = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
	assert_true(accepted >= 0);

	char port_arg[16];
	snprintf(port_arg, sizeof(port_arg), "%d", port);
	cJSON *doc = list("tcp", "--port", port_arg);
	cJSON *objects = cJSON_GetObjectItem(doc, "objects");
	cJSON *l = find_held(objects, "tcp", getpid(), listener);
	cJSON *server_end = find_held(objects, "tcp", getpid(), accepted);
	cJSON *client_end = find_held(objects, "tcp", client, CHILD_FD);
	assert_non_null(l);
	assert_non_null(server_end);
	assert_non_null(client_end);
	/* --port: exactly these three in our namespace; others' sockets may share the port. */
	assert_int_equal(count_in_netns(objects, netns_of(0)), 3);
	assert_true(num(l, "netns") == netns_of(0));
	assert_true(num(server_end, "netns") == netns_of(0));
	assert_true(num(client_end, "netns") == netns_of(0));

	assert_string_equal(str(l, "family"), family_name);
	assert_string_equal(str(l, "state"), "listen");
	assert_string_equal(str(l, "local_addr"), loopback);
	assert_int_equal(num(l, "local_port"), port);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(l, "remote_addr")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(l, "remote_port")));
	assert_int_equal(num(l, "backlog"), 7);
	assert_int_equal(num(l, "pending"), 0);
	assert_int_equal(num(l, "uid"), geteuid());
	assert_true(num(l, "inode") == (double)inode_of(listener));

	assert_string_equal(str(client_end, "state"), "established");
	assert_string_equal(str(client_end, "remote_addr"), loopback);
	assert_int_equal(num(client_end, "remote_port"), port);
	assert_int_equal(num(server_end, "local_port"), port);
	assert_int_equal(num(server_end, "remote_port"), num(client_end, "local_port"));
	assert_int_equal(num(client_end, "rqueue"), 0);

	/* The peer of each end is the other process, found by the address 4-tuple. */
	cJSON *peer = cJSON_GetObjectItem(client_end, "peer");
	assert_true(cJSON_IsObject(peer));
	assert_true(num(peer, "inode") == (double)inode_of(accepted));
	assert_non_null(find_holder(peer, getpid(), accepted));
	peer = cJSON_GetObjectItem(server_end, "peer");
	assert_true(cJSON_IsObject(peer));
	assert_non_null(find_holder(peer, client, CHILD_FD));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(l, "peer")));
	cJSON_Delete(doc);

	/* The table says it in one line, with the peer's pid and command. */
	struct run_result r;
	char summary[128], peer_text[32];
	run_ipcscope(&r, "list", "tcp", "--port", port_arg, "-n", "-o", "SUMMARY,PEER", NULL);
	assert_int_equal(r.status, 0);
	if (family == AF_INET)
		snprintf(summary, sizeof(summary), "%s:%d listen", loopback, port);
	else
		snprintf(summary, sizeof(summary), "[%s]:%d listen", loopback, port);
	snprintf(peer_text, sizeof(peer_text), "%d/", client);
	if (!strstr(r.out, summary) || !strstr(r.out, peer_text) || !strstr(r.out, " -> "))
		fail_msg("table lacks '%s', '%s' or ' -> ':\n%s", summary, peer_text, r.out);
	run_result_free(&r);

	/* Without sock_diag the same sockets come from /proc/net/tcp, with a warning. */
	setenv("IPCSCOPE_SOCK_DIAG", "off", 1);
	doc = list("tcp", "--port", port_arg);
	unsetenv("IPCSCOPE_SOCK_DIAG");
	objects = cJSON_GetObjectItem(doc, "objects");
	client_end = find_held(objects, "tcp", client, CHILD_FD);
	assert_non_null(client_end);
	assert_string_equal(str(client_end, "state"), "established");
	assert_true(num(client_end, "netns") == netns_of(0));
	assert_non_null(find_holder(cJSON_GetObjectItem(client_end, "peer"), getpid(), accepted));
	/* /proc/net/tcp shows no backlog: unknown, not the 0 the file prints. */
	l = find_held(objects, "tcp", getpid(), listener);
	assert_non_null(l);
	assert_int_equal(num(l, "pending"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(l, "backlog")));
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "warnings")) >= 1);
	cJSON_Delete(doc);

	stop_holder(client);
	close(accepted);
	close(listener);
}

static void tcp_ipv4(void **state)
{
	(void)state;
	tcp_connection(AF_INET, "127.0.0.1", "inet");
}

static void tcp_ipv6(void **state)
{
	(void)state;
	tcp_connection(AF_INET6, "::1", "inet6");
}

static void bind_udp(void *arg)
{
	int *port = arg;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)*port) };
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	int fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) < 0 || dup2(fd, CHILD_FD) != CHILD_FD)
		_exit(1);
}

static void bound_udp(void **state)
{
	(void)state;
	/* Find a free port first, so the child binds one the test knows. */
	int probe = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in a = { .sin_family = AF_INET };
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	assert_int_equal(bind(probe, (struct sockaddr *)&a, sizeof(a)), 0);
	int port = local_port(probe);
	close(probe);
	pid_t child = spawn_holder(bind_udp, &port);

	cJSON *doc = list("udp", NULL, NULL);
	cJSON *sock = find_held(cJSON_GetObjectItem(doc, "objects"), "udp", child, CHILD_FD);
	assert_non_null(sock);
	assert_string_equal(str(sock, "family"), "inet");
	assert_string_equal(str(sock, "state"), "close"); /* the kernel's name for unconnected */
	assert_string_equal(str(sock, "local_addr"), "127.0.0.1");
	assert_int_equal(num(sock, "local_port"), port);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(sock, "remote_addr")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(sock, "peer")));
	assert_null(cJSON_GetObjectItem(sock, "backlog")); /* not a field of udp at all */
	assert_true(num(sock, "netns") == netns_of(0));
	cJSON_Delete(doc);
	stop_holder(child);
}

static void open_raw_icmp(void *arg)
{
	(void)arg;
	int fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	if (fd < 0 || dup2(fd, CHILD_FD) != CHILD_FD)
		_exit(1);
}

static void raw_icmp(void **state)
{
	(void)state;
	need_root("raw sockets need CAP_NET_RAW");
	pid_t child = spawn_holder(open_raw_icmp, NULL);
	cJSON *doc = list("raw", NULL, NULL);
	cJSON *sock = find_held(cJSON_GetObjectItem(doc, "objects"), "raw", child, CHILD_FD);
	if (!sock)
		fail_msg("raw socket of %d not listed", child);
	assert_string_equal(str(sock, "family"), "inet");
	assert_int_equal(num(sock, "local_port"), IPPROTO_ICMP); /* raw: the protocol */
	assert_true(num(sock, "netns") == netns_of(0));
	cJSON_Delete(doc);
	stop_holder(child);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(tcp_ipv4, bring_up_loopback),
		cmocka_unit_test_setup(tcp_ipv6, bring_up_loopback),
		cmocka_unit_test_setup(bound_udp, bring_up_loopback),
		cmocka_unit_test_setup(raw_icmp, bring_up_loopback),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
