/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The /proc/net parsers on real captures (fixtures/proc/net, see its
 * README.txt) and on hand-made damaged files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sockets.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const char *fixtures;

#define MAX_RECORDS 32

/* Records copied out of the callback: its name pointer dies with the call. */
struct unix_list {
	struct unix_sock sock[MAX_RECORDS];
	char name[MAX_RECORDS][256];
	size_t n;
};

struct inet_list {
	struct inet_sock sock[MAX_RECORDS];
	size_t n;
};

static void collect_unix(const struct unix_sock *sock, void *arg)
{
	struct unix_list *l = arg;

	assert_true(l->n < MAX_RECORDS);
	l->sock[l->n] = *sock;
	if (sock->name) {
		assert_true(strlen(sock->name) < sizeof(l->name[0]));
		strcpy(l->name[l->n], sock->name);
		l->sock[l->n].name = l->name[l->n];
	}
	l->n++;
}

static void collect_inet(const struct inet_sock *sock, void *arg)
{
	struct inet_list *l = arg;

	assert_true(l->n < MAX_RECORDS);
	l->sock[l->n++] = *sock;
}

static FILE *open_fixture(const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/proc/net/%s", fixtures, name);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open fixture %s: %s", path, strerror(errno));
	return f;
}

/* Garbled starts at a value the parser must overwrite. */
static int read_unix(const char *name, struct unix_list *l, size_t *garbled)
{
	FILE *f = open_fixture(name);

	memset(l, 0, sizeof(*l));
	*garbled = 999;
	errno = 0;
	int ret = procnet_unix_read(f, collect_unix, l, garbled);
	int err = errno;
	fclose(f);
	errno = err;
	return ret;
}

static int read_inet(const char *name, int family, int protocol, struct inet_list *l,
		     size_t *garbled)
{
	FILE *f = open_fixture(name);

	memset(l, 0, sizeof(*l));
	*garbled = 999;
	errno = 0;
	int ret = procnet_inet_read(f, family, protocol, collect_inet, l, garbled);
	int err = errno;
	fclose(f);
	errno = err;
	return ret;
}

/* The one record with this inode; failing on none or several. */
static const struct unix_sock *unix_by_inode(const struct unix_list *l, uint64_t inode)
{
	const struct unix_sock *found = NULL;

	for (size_t i = 0; i < l->n; i++) {
		if (l->sock[i].inode != inode)
			continue;
		if (found)
			fail_msg("two unix records with inode %llu", (unsigned long long)inode);
		found = &l->sock[i];
	}
	if (!found)
		fail_msg("no unix record with inode %llu", (unsigned long long)inode);
	return found;
}

static const struct inet_sock *inet_by_inode(const struct inet_list *l, uint64_t inode)
{
	const struct inet_sock *found = NULL;

	for (size_t i = 0; i < l->n; i++) {
		if (l->sock[i].inode != inode)
			continue;
		if (found)
			fail_msg("two inet records with inode %llu", (unsigned long long)inode);
		found = &l->sock[i];
	}
	if (!found)
		fail_msg("no inet record with inode %llu", (unsigned long long)inode);
	return found;
}

static void assert_unix(const struct unix_sock *s, uint8_t type, uint8_t state, const char *name)
{
	assert_int_equal(s->type, type);
	assert_int_equal(s->state, state);
	if (name)
		assert_string_equal(s->name, name);
	else
		assert_null(s->name);
	/* /proc/net/unix does not say these. */
	assert_false(s->has_peer);
	assert_false(s->has_queues);
	assert_false(s->has_uid);
	assert_false(s->has_vfs);
	assert_null(s->icons);
	assert_int_equal(s->nicons, 0);
}

static const uint8_t v4_zero[16], v6_zero[16];
static const uint8_t v4_loopback[16] = { 127, 0, 0, 1 };
static const uint8_t v4_client[16] = { 127, 1, 2, 3 };
static const uint8_t v6_loopback[16] = { [15] = 1 };
static const uint8_t v6_ula[16] = { 0xfd, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03,
				    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04 };

struct endpoint {
	const uint8_t *addr;
	uint16_t port;
};

static void assert_endpoints(const struct inet_sock *s, struct endpoint local,
			     struct endpoint remote)
{
	assert_memory_equal(s->local, local.addr, 16);
	assert_int_equal(s->local_port, local.port);
	assert_memory_equal(s->remote, remote.addr, 16);
	assert_int_equal(s->remote_port, remote.port);
}

static void assert_inet(const struct inet_sock *s, int family, int protocol, uint8_t state,
			uint32_t rqueue, uint32_t wqueue, uid_t uid)
{
	assert_int_equal(s->family, family);
	assert_int_equal(s->protocol, protocol);
	assert_int_equal(s->state, state);
	assert_int_equal(s->rqueue, rqueue);
	assert_int_equal(s->wqueue, wqueue);
	assert_true(s->has_uid);
	assert_int_equal(s->uid, uid);
}

/* ---- real captures ---- */

static void unix_capture(void **state)
{
	(void)state;
	static const char path[] = "/tmp/ipcscope fixture/listen sock";
	struct unix_list l;
	size_t garbled;

	assert_int_equal(read_unix("unix", &l, &garbled), 0);
	assert_int_equal(garbled, 0);
	assert_int_equal(l.n, 8);

	/* The listener, known from its flags, and the client it has not accepted. */
	assert_unix(unix_by_inode(&l, 318076), SOCK_STREAM, TCP_LISTEN, path);
	assert_unix(unix_by_inode(&l, 318077), SOCK_STREAM, TCP_ESTABLISHED, NULL);
	/* The server end of that connection: no file yet, so inode 0, still connecting. */
	assert_unix(unix_by_inode(&l, 0), SOCK_STREAM, TCP_SYN_SENT, path);

	assert_unix(unix_by_inode(&l, 318078), SOCK_STREAM, TCP_ESTABLISHED, NULL);
	assert_unix(unix_by_inode(&l, 318079), SOCK_STREAM, TCP_ESTABLISHED, NULL);
	assert_unix(unix_by_inode(&l, 318080), SOCK_SEQPACKET, TCP_ESTABLISHED, NULL);
	assert_unix(unix_by_inode(&l, 318081), SOCK_SEQPACKET, TCP_ESTABLISHED, NULL);
	/* Bound to "\0ipcscope\0abstract": the kernel shows each NUL as '@'. */
	assert_unix(unix_by_inode(&l, 318082), SOCK_DGRAM, TCP_CLOSE, "@ipcscope@abstract");
}

static void tcp_capture(void **state)
{
	(void)state;
	struct inet_list l;
	size_t garbled;
	const struct inet_sock *s;

	assert_int_equal(read_inet("tcp", AF_INET, IPPROTO_TCP, &l, &garbled), 0);
	assert_int_equal(garbled, 0);
	assert_int_equal(l.n, 3);

	s = inet_by_inode(&l, 318066);
	assert_inet(s, AF_INET, IPPROTO_TCP, TCP_LISTEN, 0, 0, 0);
	assert_endpoints(s, (struct endpoint){ v4_loopback, 5432 },
			 (struct endpoint){ v4_zero, 0 });

	/* The client left 3 bytes unread, the accepted end 5. */
	s = inet_by_inode(&l, 318067);
	assert_inet(s, AF_INET, IPPROTO_TCP, TCP_ESTABLISHED, 3, 0, 0);
	assert_endpoints(s, (struct endpoint){ v4_client, 40000 },
			 (struct endpoint){ v4_loopback, 5432 });

	s = inet_by_inode(&l, 318068);
	assert_inet(s, AF_INET, IPPROTO_TCP, TCP_ESTABLISHED, 5, 0, 0);
	assert_endpoints(s, (struct endpoint){ v4_loopback, 5432 },
			 (struct endpoint){ v4_client, 40000 });
}

static void tcp6_capture(void **state)
{
	(void)state;
	struct inet_list l;
	size_t garbled;
	const struct inet_sock *s;

	assert_int_equal(read_inet("tcp6", AF_INET6, IPPROTO_TCP, &l, &garbled), 0);
	assert_int_equal(garbled, 0);
	assert_int_equal(l.n, 3);

	/* For a listener rx_queue is the accept queue: one connection waits. */
	s = inet_by_inode(&l, 318069);
	assert_inet(s, AF_INET6, IPPROTO_TCP, TCP_LISTEN, 1, 0, 0);
	assert_endpoints(s, (struct endpoint){ v6_loopback, 8765 },
			 (struct endpoint){ v6_zero, 0 });

	/* That connection's server end has no file, hence inode 0. */
	s = inet_by_inode(&l, 0);
	assert_inet(s, AF_INET6, IPPROTO_TCP, TCP_ESTABLISHED, 0, 0, 0);
	assert_endpoints(s, (struct endpoint){ v6_loopback, 8765 },
			 (struct endpoint){ v6_ula, 40001 });

	s = inet_by_inode(&l, 318070);
	assert_inet(s, AF_INET6, IPPROTO_TCP, TCP_ESTABLISHED, 0, 0, 0);
	assert_endpoints(s, (struct endpoint){ v6_ula, 40001 },
			 (struct endpoint){ v6_loopback, 8765 });
}

static void udp_capture(void **state)
{
	(void)state;
	struct inet_list l;
	size_t garbled;
	const struct inet_sock *s;

	assert_int_equal(read_inet("udp", AF_INET, IPPROTO_UDP, &l, &garbled), 0);
	assert_int_equal(garbled, 0);
	assert_int_equal(l.n, 2);

	/* One unread datagram, counted in memory used (0x340), not bytes. */
	s = inet_by_inode(&l, 318071);
	assert_inet(s, AF_INET, IPPROTO_UDP, TCP_CLOSE, 0x340, 0, 0);
	assert_endpoints(s, (struct endpoint){ v4_loopback, 12345 },
			 (struct endpoint){ v4_zero, 0 });

	s = inet_by_inode(&l, 318072);
	assert_inet(s, AF_INET, IPPROTO_UDP, TCP_ESTABLISHED, 0, 0, 0);
	assert_endpoints(s, (struct endpoint){ v4_loopback, 53535 },
			 (struct endpoint){ v4_loopback, 12345 });
}

static void udp6_capture(void **state)
{
	(void)state;
	struct inet_list l;
	size_t garbled;
	const struct inet_sock *s;

	assert_int_equal(read_inet("udp6", AF_INET6, IPPROTO_UDP, &l, &garbled), 0);
	assert_int_equal(garbled, 0);
	assert_int_equal(l.n, 1);

	/* Made with effective uid 1234. */
	s = inet_by_inode(&l, 318073);
	assert_inet(s, AF_INET6, IPPROTO_UDP, TCP_CLOSE, 0, 0, 1234);
	assert_endpoints(s, (struct endpoint){ v6_ula, 48879 },
			 (struct endpoint){ v6_zero, 0 });
}

static void raw_captures(void **state)
{
	(void)state;
	struct inet_list l;
	size_t garbled;
	const struct inet_sock *s;

	/* For raw sockets the local port is the IP protocol. */
	assert_int_equal(read_inet("raw", AF_INET, IPPROTO_RAW, &l, &garbled), 0);
	assert_int_equal(garbled, 0);
	assert_int_equal(l.n, 1);
	s = inet_by_inode(&l, 318074);
	assert_inet(s, AF_INET, IPPROTO_RAW, TCP_CLOSE, 0, 0, 0);
	assert_endpoints(s, (struct endpoint){ v4_loopback, IPPROTO_ICMP },
			 (struct endpoint){ v4_zero, 0 });

	assert_int_equal(read_inet("raw6", AF_INET6, IPPROTO_RAW, &l, &garbled), 0);
	assert_int_equal(garbled, 0);
	assert_int_equal(l.n, 1);
	s = inet_by_inode(&l, 318075);
	assert_inet(s, AF_INET6, IPPROTO_RAW, TCP_CLOSE, 0, 0, 0);
	assert_endpoints(s, (struct endpoint){ v6_zero, IPPROTO_ICMPV6 },
			 (struct endpoint){ v6_zero, 0 });
}

/* The address length says the family: a table read as the other family is all garbled. */
static void family_mismatch_is_garbled(void **state)
{
	(void)state;
	struct inet_list l;
	size_t garbled;

	assert_int_equal(read_inet("tcp", AF_INET6, IPPROTO_TCP, &l, &garbled), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(garbled, 3);

	assert_int_equal(read_inet("tcp6", AF_INET, IPPROTO_TCP, &l, &garbled), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(garbled, 3);
}

/* ---- damaged files ---- */

static void tcp_garbled(void **state)
{
	(void)state;
	struct inet_list l;
	size_t garbled;
	const struct inet_sock *s;

	assert_int_equal(read_inet("tcp-garbled", AF_INET, IPPROTO_TCP, &l, &garbled), 0);
	assert_int_equal(garbled, 16);
	assert_int_equal(l.n, 3);

	s = inet_by_inode(&l, 1001);
	assert_inet(s, AF_INET, IPPROTO_TCP, TCP_LISTEN, 0, 0, 0);
	assert_endpoints(s, (struct endpoint){ v4_loopback, 5432 },
			 (struct endpoint){ v4_zero, 0 });

	/* A time-wait line: fewer columns after the inode, inode 0. */
	s = inet_by_inode(&l, 0);
	assert_inet(s, AF_INET, IPPROTO_TCP, TCP_TIME_WAIT, 0, 0, 0);
	assert_endpoints(s, (struct endpoint){ v4_client, 40000 },
			 (struct endpoint){ v4_loopback, 5432 });

	/* Every field at the top of its range. */
	static const uint8_t all_ones[16] = { 255, 255, 255, 255 };
	s = inet_by_inode(&l, UINT64_MAX);
	assert_inet(s, AF_INET, IPPROTO_TCP, TCP_ESTABLISHED, 1, UINT32_MAX, 4294967294u);
	assert_endpoints(s, (struct endpoint){ all_ones, 65535 },
			 (struct endpoint){ v4_loopback, 1 });
}

static void unix_garbled(void **state)
{
	(void)state;
	struct unix_list l;
	size_t garbled;

	assert_int_equal(read_unix("unix-garbled", &l, &garbled), 0);
	assert_int_equal(garbled, 15);
	assert_int_equal(l.n, 3);

	assert_unix(unix_by_inode(&l, 3001), SOCK_SEQPACKET, TCP_LISTEN, "@seq@pkt");
	/* Everything after the one space that ends the inode is the name. */
	assert_unix(unix_by_inode(&l, 3002), SOCK_STREAM, TCP_SYN_SENT, " lead  trail ");
	assert_unix(unix_by_inode(&l, 3003), SOCK_DGRAM, TCP_CLOSE, NULL);
}

/* A NUL byte cannot come from the kernel, which shows NULs in names as '@'. */
static void nul_byte_is_garbled(void **state)
{
	(void)state;
	static const char unix_text[] =
		"Num       RefCount Protocol Flags    Type St Inode Path\n"
		"0000000000000000: 00000002 00000000 00000000 0001 01  5001 /a\0b\n"
		"0000000000000000: 00000002 00000000 00000000 0001 01  5002 /ok\n";
	static const char tcp_text[] =
		"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
		"   0: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5003 1 0\0\n"
		"   1: 0100007F:1538 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 5004 1 0\n";
	struct unix_list ul = { 0 };
	struct inet_list il = { 0 };
	size_t garbled = 999;
	FILE *f;

	f = fmemopen((void *)unix_text, sizeof(unix_text) - 1, "r");
	assert_non_null(f);
	assert_int_equal(procnet_unix_read(f, collect_unix, &ul, &garbled), 0);
	fclose(f);
	assert_int_equal(garbled, 1);
	assert_int_equal(ul.n, 1);
	assert_int_equal(ul.sock[0].inode, 5002);
	assert_string_equal(ul.sock[0].name, "/ok");

	garbled = 999;
	f = fmemopen((void *)tcp_text, sizeof(tcp_text) - 1, "r");
	assert_non_null(f);
	assert_int_equal(procnet_inet_read(f, AF_INET, IPPROTO_TCP, collect_inet, &il, &garbled), 0);
	fclose(f);
	assert_int_equal(garbled, 1);
	assert_int_equal(il.n, 1);
	assert_int_equal(il.sock[0].inode, 5004);
}

/* ---- headers ---- */

static void missing_header(void **state)
{
	(void)state;
	struct unix_list ul;
	struct inet_list il;
	size_t garbled;

	assert_int_equal(read_unix("unix-noheader", &ul, &garbled), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ul.n, 0);
	assert_int_equal(garbled, 0);

	assert_int_equal(read_inet("tcp-noheader", AF_INET, IPPROTO_TCP, &il, &garbled), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(il.n, 0);
	assert_int_equal(garbled, 0);
}

/* Each reader refuses the other's table: the header is checked, not skipped. */
static void unexpected_header(void **state)
{
	(void)state;
	struct unix_list ul;
	struct inet_list il;
	size_t garbled;

	assert_int_equal(read_unix("tcp", &ul, &garbled), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ul.n, 0);

	assert_int_equal(read_inet("unix", AF_INET, IPPROTO_TCP, &il, &garbled), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(il.n, 0);
}

/* Even with no sockets the kernel writes the header, so an empty file is damage. */
static void empty_file(void **state)
{
	(void)state;
	struct unix_list ul;
	struct inet_list il;
	size_t garbled;

	assert_int_equal(read_unix("empty", &ul, &garbled), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ul.n, 0);

	assert_int_equal(read_inet("empty", AF_INET6, IPPROTO_UDP, &il, &garbled), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(il.n, 0);
}

static void header_only(void **state)
{
	(void)state;
	struct unix_list ul;
	struct inet_list il;
	size_t garbled;

	assert_int_equal(read_unix("unix-header-only", &ul, &garbled), 0);
	assert_int_equal(ul.n, 0);
	assert_int_equal(garbled, 0);

	assert_int_equal(read_inet("tcp-header-only", AF_INET, IPPROTO_TCP, &il, &garbled), 0);
	assert_int_equal(il.n, 0);
	assert_int_equal(garbled, 0);
}

/* ---- arguments and errors ---- */

static void bad_family(void **state)
{
	(void)state;
	struct inet_list l;
	size_t garbled;

	assert_int_equal(read_inet("tcp", AF_UNIX, IPPROTO_TCP, &l, &garbled), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(l.n, 0);
	assert_int_equal(garbled, 0);
}

static void garbled_count_is_optional(void **state)
{
	(void)state;
	struct unix_list l = { 0 };
	FILE *f = open_fixture("unix-garbled");

	assert_int_equal(procnet_unix_read(f, collect_unix, &l, NULL), 0);
	fclose(f);
	assert_int_equal(l.n, 3);
}

/* A read error is not a missing header: the caller gets the real errno. */
static void read_error(void **state)
{
	(void)state;
	struct unix_list l = { 0 };
	size_t garbled = 999;
	FILE *f = fopen(fixtures, "r"); /* a directory: every read fails */

	assert_non_null(f);
	errno = 0;
	assert_int_equal(procnet_unix_read(f, collect_unix, &l, &garbled), -1);
	assert_int_equal(errno, EISDIR);
	fclose(f);
	assert_int_equal(l.n, 0);
}

int main(int argc, char **argv)
{
	fixtures = argc > 1 ? argv[1] : "tests/fixtures";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unix_capture),
		cmocka_unit_test(tcp_capture),
		cmocka_unit_test(tcp6_capture),
		cmocka_unit_test(udp_capture),
		cmocka_unit_test(udp6_capture),
		cmocka_unit_test(raw_captures),
		cmocka_unit_test(family_mismatch_is_garbled),
		cmocka_unit_test(tcp_garbled),
		cmocka_unit_test(unix_garbled),
		cmocka_unit_test(nul_byte_is_garbled),
		cmocka_unit_test(missing_header),
		cmocka_unit_test(unexpected_header),
		cmocka_unit_test(empty_file),
		cmocka_unit_test(header_only),
		cmocka_unit_test(bad_family),
		cmocka_unit_test(garbled_count_is_optional),
		cmocka_unit_test(read_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
