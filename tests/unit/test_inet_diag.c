/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * inet_diag_parse on recorded dumps (fixtures/netlink/{tcp,udp}{4,6}.bin and
 * raw4-enoent.bin, see the .txt beside each), on every prefix of them, on
 * damaged and hand-built messages; and live dumps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "netlink_fixture.h"
#include "sockets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- collecting ---- */

struct recs {
	struct inet_sock r[16];
	size_t n;
};

static void collect(const struct inet_sock *s, void *arg)
{
	struct recs *rs = arg;

	assert_true(rs->n < 16);
	rs->r[rs->n++] = *s;
}

static int parse(const void *buf, size_t len, int protocol, struct recs *rs)
{
	memset(rs, 0, sizeof(*rs));
	errno = 0;
	return inet_diag_parse(buf, len, protocol, collect, rs);
}

/* parse() of TCP records as the shared checks call it. */
static int parse_tcp(const void *buf, size_t len, void *ctx, size_t *n)
{
	struct recs *rs = ctx;
	int ret = parse(buf, len, IPPROTO_TCP, rs);

	*n = rs->n;
	return ret;
}

static int parse_fixture(const char *name, int protocol, struct recs *rs)
{
	struct blob b = fixture_load(name);
	int ret = parse(b.data, b.len, protocol, rs);
	int err = errno;
	free(b.data);
	errno = err;
	return ret;
}

/* The record with these ports, which must be the only one. */
static const struct inet_sock *by_ports(const struct recs *rs, uint16_t local, uint16_t remote)
{
	const struct inet_sock *found = NULL;

	for (size_t i = 0; i < rs->n; i++) {
		if (rs->r[i].local_port != local || rs->r[i].remote_port != remote)
			continue;
		if (found)
			fail_msg("two sockets %u -> %u", local, remote);
		found = &rs->r[i];
	}
	if (!found)
		fail_msg("no socket %u -> %u", local, remote);
	return found;
}

static void assert_address(const uint8_t *got, int family, const char *text)
{
	uint8_t want[16] = { 0 };

	assert_int_equal(inet_pton(family, text, want), 1);
	assert_memory_equal(got, want, 16);
}

/* ---- the recorded dumps ---- */

/*
 * Both TCP fixtures hold the same set: a listener on P with one
 * connection accepted (client P+10, "abc" unread at the server) and one
 * waiting in the accept queue (client P+20).
 */
static void check_tcp(const char *fixture, int family, const char *host, const char *any,
		      uint16_t p)
{
	struct recs rs;

	assert_int_equal(parse_fixture(fixture, IPPROTO_TCP, &rs), 0);
	assert_int_equal(rs.n, 5);
	for (size_t i = 0; i < rs.n; i++) {
		assert_int_equal(rs.r[i].family, family);
		assert_int_equal(rs.r[i].protocol, IPPROTO_TCP);
		assert_true(rs.r[i].has_uid);
		assert_int_equal(rs.r[i].uid, 0);
		assert_address(rs.r[i].local, family, host);
		if (rs.r[i].state != TCP_LISTEN)
			assert_address(rs.r[i].remote, family, host);
	}

	const struct inet_sock *s = by_ports(&rs, p, 0);
	assert_int_equal(s->state, TCP_LISTEN);
	assert_address(s->remote, family, any);
	assert_int_equal(s->rqueue, 1); /* not accepted yet */
	assert_int_equal(s->wqueue, 8); /* listen(8) */
	assert_true(s->inode != 0);

	s = by_ports(&rs, p + 10, p);
	assert_int_equal(s->state, TCP_ESTABLISHED);
	assert_true(s->inode != 0);
	uint64_t client = s->inode;
	s = by_ports(&rs, p, p + 10);
	assert_int_equal(s->state, TCP_ESTABLISHED);
	assert_int_equal(s->rqueue, 3);
	assert_true(s->inode != 0 && s->inode != client);

	s = by_ports(&rs, p + 20, p);
	assert_int_equal(s->state, TCP_ESTABLISHED);
	assert_true(s->inode != 0);
	/* The server end in the accept queue has no file yet. */
	s = by_ports(&rs, p, p + 20);
	assert_int_equal(s->state, TCP_ESTABLISHED);
	assert_int_equal(s->inode, 0);
}

static void tcp4(void **state)
{
	(void)state;
	check_tcp("tcp4.bin", AF_INET, "127.0.0.1", "0.0.0.0", 47001);
}

static void tcp6(void **state)
{
	(void)state;
	check_tcp("tcp6.bin", AF_INET6, "::1", "::", 47002);
}

static void check_udp(const char *fixture, int family, const char *host, const char *any,
		      uint16_t p)
{
	struct recs rs;

	assert_int_equal(parse_fixture(fixture, IPPROTO_UDP, &rs), 0);
	assert_int_equal(rs.n, 2);

	const struct inet_sock *s = by_ports(&rs, p, 0);
	assert_int_equal(s->family, family);
	assert_int_equal(s->protocol, IPPROTO_UDP);
	assert_int_equal(s->state, TCP_CLOSE);
	assert_address(s->local, family, host);
	assert_address(s->remote, family, any);
	assert_true(s->rqueue > 0); /* the datagram waiting, in bytes of memory */
	assert_true(s->inode != 0);

	s = by_ports(&rs, p + 10, p);
	assert_int_equal(s->state, TCP_ESTABLISHED);
	assert_address(s->remote, family, host);
	assert_true(s->inode != 0);
}

static void udp4(void **state)
{
	(void)state;
	check_udp("udp4.bin", AF_INET, "127.0.0.1", "0.0.0.0", 47003);
}

static void udp6(void **state)
{
	(void)state;
	check_udp("udp6.bin", AF_INET6, "::1", "::", 47004);
}

/* The table asked for is what the record says, whatever the message. */
static void protocol_is_the_requested_one(void **state)
{
	(void)state;
	struct recs rs;

	assert_int_equal(parse_fixture("tcp4.bin", IPPROTO_RAW, &rs), 0);
	assert_int_equal(rs.n, 5);
	for (size_t i = 0; i < rs.n; i++)
		assert_int_equal(rs.r[i].protocol, IPPROTO_RAW);
}

/* A kernel without raw_diag ends the dump with NLMSG_DONE carrying -ENOENT. */
static void no_raw_diag(void **state)
{
	(void)state;
	struct recs rs;

	assert_int_equal(parse_fixture("raw4-enoent.bin", IPPROTO_RAW, &rs), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(rs.n, 0);
}

/* ---- damaged input ---- */

static const char *const all_fixtures[] = { "tcp4.bin", "tcp6.bin", "udp4.bin", "udp6.bin",
					    "raw4-enoent.bin" };

/* Whatever the cut, and uncut the outcome is the recorded one. */
static void prefixes_of(const char *fixture)
{
	struct recs full, rs;
	int full_ret = parse_fixture(fixture, IPPROTO_TCP, &full);
	int full_err = errno;
	size_t n;

	assert_int_equal(check_every_prefix(fixture, parse_tcp, &rs, &n), full_ret);
	if (full_ret < 0)
		assert_int_equal(errno, full_err);
	assert_int_equal(n, full.n);
}

static void every_prefix(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(all_fixtures) / sizeof(all_fixtures[0]); i++)
		prefixes_of(all_fixtures[i]);
}

static void bad_message_lengths(void **state)
{
	(void)state;
	const uint32_t lengths[] = { 0, 8, 15, 16, 40, 87 };
	struct recs rs;

	check_bad_message_lengths("tcp6.bin", lengths, sizeof(lengths) / sizeof(lengths[0]),
				  parse_tcp, &rs);
}

static void bad_attribute_lengths(void **state)
{
	(void)state;
	/*
	 * The first attribute is INET_DIAG_SHUTDOWN (5 bytes); 21 puts the
	 * next one inside another attribute's payload, on a zero length.
	 */
	const uint16_t lengths[] = { 0, 1, 3, 21 };
	struct recs rs;

	check_bad_attribute_lengths("tcp4.bin", sizeof(struct inet_diag_msg), INET_DIAG_SHUTDOWN,
				    lengths, sizeof(lengths) / sizeof(lengths[0]), parse_tcp, &rs);
}

static void unaligned_buffer(void **state)
{
	(void)state;
	struct recs rs;
	size_t n;

	assert_int_equal(parse_shifted("tcp6.bin", 2, parse_tcp, &rs, &n), 0);
	assert_int_equal(n, 5);
	by_ports(&rs, 47002, 0);
}

/* ---- hand-built messages ---- */

/* As raw_diag would send it: the IP protocol in the local port. */
static struct inet_diag_msg *record(struct builder *b, uint8_t family, uint16_t proto)
{
	struct inet_diag_msg m = {
		.idiag_family = family,
		.idiag_state = TCP_CLOSE,
		.id.idiag_sport = htons(proto),
		.idiag_uid = 1000,
		.idiag_inode = 4242,
	};

	nl_begin(b, SOCK_DIAG_BY_FAMILY);
	struct inet_diag_msg *at = nl_put(b, &m, sizeof(m));
	nl_end(b);
	return at;
}

static void raw_protocol_in_local_port(void **state)
{
	(void)state;
	struct builder b = { 0 };
	struct recs rs;

	struct inet_diag_msg *m = record(&b, AF_INET, IPPROTO_ICMP);
	memcpy(m->id.idiag_src, "\x0a\x00\x00\x01", 4);
	record(&b, AF_INET6, IPPROTO_ICMPV6);
	assert_int_equal(parse(b.buf, b.len, IPPROTO_RAW, &rs), 1);
	assert_int_equal(rs.n, 2);
	assert_int_equal(rs.r[0].protocol, IPPROTO_RAW);
	assert_int_equal(rs.r[0].local_port, IPPROTO_ICMP);
	assert_int_equal(rs.r[0].remote_port, 0);
	assert_address(rs.r[0].local, AF_INET, "10.0.0.1");
	assert_int_equal(rs.r[0].uid, 1000);
	assert_int_equal(rs.r[0].inode, 4242);
	assert_int_equal(rs.r[1].family, AF_INET6);
	assert_int_equal(rs.r[1].local_port, IPPROTO_ICMPV6);
}

/* For IPv4 only the first word of the kernel's address is meaningful. */
static void ipv4_address_tail_ignored(void **state)
{
	(void)state;
	struct builder b = { 0 };
	struct recs rs;

	struct inet_diag_msg *m = record(&b, AF_INET, 80);
	memset(m->id.idiag_src, 0xff, sizeof(m->id.idiag_src));
	memset(m->id.idiag_dst, 0xee, sizeof(m->id.idiag_dst));
	assert_int_equal(parse(b.buf, b.len, IPPROTO_TCP, &rs), 1);
	assert_address(rs.r[0].local, AF_INET, "255.255.255.255");
	assert_address(rs.r[0].remote, AF_INET, "238.238.238.238");
}

static void oversized_messages(void **state)
{
	(void)state;
	struct builder b = { 0 };
	struct recs rs;

	record(&b, AF_INET6, 443);
	check_oversized_messages(b.buf, b.len, parse_tcp, &rs);
}

static void empty_buffer(void **state)
{
	(void)state;
	struct recs rs;
	alignas(4) unsigned char none[4] = { 0 };

	assert_int_equal(parse(none, 0, IPPROTO_TCP, &rs), 1);
	assert_int_equal(rs.n, 0);
}

static void kernel_errors(void **state)
{
	(void)state;
	struct builder b = { 0 };
	struct recs rs;

	record(&b, AF_INET, 22);
	nl_error(&b, -ENOENT);
	assert_int_equal(parse(b.buf, b.len, IPPROTO_TCP, &rs), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(rs.n, 1);

	/* Cut inside struct nlmsgerr. */
	struct nlmsghdr *h = (void *)(b.buf + b.msg);
	h->nlmsg_len -= 4;
	assert_int_equal(parse(b.buf, b.len - 4, IPPROTO_TCP, &rs), -1);
	assert_int_equal(errno, EBADMSG);

	/* An acknowledgement ends the request without an error. */
	memset(&b, 0, sizeof(b));
	nl_error(&b, 0);
	assert_int_equal(parse(b.buf, b.len, IPPROTO_TCP, &rs), 0);

	/* Neither is an errno: the message is damaged. */
	memset(&b, 0, sizeof(b));
	nl_error(&b, INT_MIN);
	assert_int_equal(parse(b.buf, b.len, IPPROTO_TCP, &rs), -1);
	assert_int_equal(errno, EBADMSG);
	memset(&b, 0, sizeof(b));
	nl_done(&b, INT_MIN);
	assert_int_equal(parse(b.buf, b.len, IPPROTO_TCP, &rs), -1);
	assert_int_equal(errno, EBADMSG);

	/* NOOP is skipped; an NLMSG_DONE without payload ends the dump well. */
	memset(&b, 0, sizeof(b));
	nl_begin(&b, NLMSG_NOOP);
	nl_end(&b);
	record(&b, AF_INET, 22);
	nl_begin(&b, NLMSG_DONE);
	nl_end(&b);
	assert_int_equal(parse(b.buf, b.len, IPPROTO_TCP, &rs), 0);
	assert_int_equal(rs.n, 1);
}

static void malformed_records(void **state)
{
	(void)state;
	struct builder b = { 0 };
	struct recs rs;

	record(&b, AF_UNIX, 0);
	assert_int_equal(parse(b.buf, b.len, IPPROTO_TCP, &rs), -1);
	assert_int_equal(errno, EBADMSG);

	/* A record shorter than struct inet_diag_msg. */
	memset(&b, 0, sizeof(b));
	record(&b, AF_INET, 22);
	((struct nlmsghdr *)b.buf)->nlmsg_len -= 4;
	assert_int_equal(parse(b.buf, b.len - 4, IPPROTO_TCP, &rs), -1);
	assert_int_equal(errno, EBADMSG);
	assert_int_equal(rs.n, 0);

	memset(&b, 0, sizeof(b));
	nl_begin(&b, 77);
	nl_end(&b);
	assert_int_equal(parse(b.buf, b.len, IPPROTO_TCP, &rs), -1);
	assert_int_equal(errno, EBADMSG);
}

/* ---- real dumps ---- */

struct wanted {
	uint64_t inode;
	struct inet_sock got;
	int seen;
};

static void find_inode(const struct inet_sock *s, void *arg)
{
	struct wanted *w = arg;

	if (s->inode == w->inode) {
		w->got = *s;
		w->seen++;
	}
}

static void live_tcp_listener(void **state)
{
	(void)state;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t slen = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd, 3), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &slen), 0);

	struct wanted w = { .inode = inode_of(fd) };
	int ret = inet_diag_dump(AF_INET, IPPROTO_TCP, find_inode, &w);
	int err = errno;
	close(fd);
	if (no_sock_diag(ret, err))
		skip();
	assert_int_equal(ret, 0);
	assert_int_equal(w.seen, 1);
	assert_int_equal(w.got.state, TCP_LISTEN);
	assert_int_equal(w.got.local_port, ntohs(sin.sin_port));
	assert_int_equal(w.got.wqueue, 3);
	assert_int_equal(w.got.uid, geteuid());
	assert_address(w.got.local, AF_INET, "127.0.0.1");
}

/* A listener of each family, from one dump of both. */
static void live_tcp_both_families(void **state)
{
	(void)state;
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	int fd4 = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int fd6 = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd4 >= 0);
	assert_int_equal(bind(fd4, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(listen(fd4, 3), 0);
	if (fd6 < 0 || bind(fd6, (struct sockaddr *)&sin6, sizeof(sin6)) < 0 || listen(fd6, 5) < 0) {
		close(fd4);
		if (fd6 >= 0)
			close(fd6);
		skip(); /* no IPv6 here */
	}

	struct wanted w4 = { .inode = inode_of(fd4) }, w6 = { .inode = inode_of(fd6) };
	int ret = inet_diag_dump(AF_UNSPEC, IPPROTO_TCP, find_inode, &w4);
	int err = errno;
	if (ret == 0)
		ret = inet_diag_dump(AF_UNSPEC, IPPROTO_TCP, find_inode, &w6);
	close(fd4);
	close(fd6);
	if (no_sock_diag(ret, err))
		skip();
	assert_int_equal(ret, 0);
	assert_int_equal(w4.seen, 1);
	assert_int_equal(w6.seen, 1);
	assert_int_equal(w4.got.family, AF_INET);
	assert_int_equal(w6.got.family, AF_INET6);
	assert_int_equal(w4.got.protocol, IPPROTO_TCP);
	assert_int_equal(w6.got.state, TCP_LISTEN);
	assert_int_equal(w6.got.wqueue, 5);
	assert_address(w6.got.local, AF_INET6, "::1");
}

static void live_udp6(void **state)
{
	(void)state;
	struct sockaddr_in6 sin6 = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	socklen_t slen = sizeof(sin6);
	int fd = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sin6, sizeof(sin6)) < 0) {
		if (fd >= 0)
			close(fd);
		skip(); /* no IPv6 here */
	}
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin6, &slen), 0);

	struct wanted w = { .inode = inode_of(fd) };
	int ret = inet_diag_dump(AF_INET6, IPPROTO_UDP, find_inode, &w);
	int err = errno;
	close(fd);
	if (no_sock_diag(ret, err))
		skip();
	assert_int_equal(ret, 0);
	assert_int_equal(w.seen, 1);
	assert_int_equal(w.got.family, AF_INET6);
	assert_int_equal(w.got.protocol, IPPROTO_UDP);
	assert_int_equal(w.got.state, TCP_CLOSE);
	assert_int_equal(w.got.local_port, ntohs(sin6.sin6_port));
	assert_address(w.got.local, AF_INET6, "::1");
}

/* Every raw socket, whatever its protocol, or ENOENT from a kernel without raw_diag. */
static void live_raw(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP);
	if (fd < 0)
		skip(); /* needs CAP_NET_RAW */

	struct wanted w = { .inode = inode_of(fd) };
	int ret = inet_diag_dump(AF_INET, IPPROTO_RAW, find_inode, &w);
	int err = errno;
	close(fd);
	if (ret < 0) {
		assert_int_equal(err, ENOENT);
		return;
	}
	assert_int_equal(ret, 0);
	assert_int_equal(w.seen, 1);
	assert_int_equal(w.got.protocol, IPPROTO_RAW);
	assert_int_equal(w.got.local_port, IPPROTO_ICMP);
}

static void bad_arguments(void **state)
{
	(void)state;
	assert_int_equal(inet_diag_dump(AF_UNIX, IPPROTO_TCP, find_inode, NULL), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(inet_diag_dump(AF_INET, IPPROTO_ICMP, find_inode, NULL), -1);
	assert_int_equal(errno, EINVAL);
	/* Both families at once is TCP's alone. */
	assert_int_equal(inet_diag_dump(AF_UNSPEC, IPPROTO_UDP, find_inode, NULL), -1);
	assert_int_equal(errno, EINVAL);
}

int main(int argc, char **argv)
{
	fixture_init(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp4),
		cmocka_unit_test(tcp6),
		cmocka_unit_test(udp4),
		cmocka_unit_test(udp6),
		cmocka_unit_test(protocol_is_the_requested_one),
		cmocka_unit_test(no_raw_diag),
		cmocka_unit_test(every_prefix),
		cmocka_unit_test(bad_message_lengths),
		cmocka_unit_test(bad_attribute_lengths),
		cmocka_unit_test(unaligned_buffer),
		cmocka_unit_test(raw_protocol_in_local_port),
		cmocka_unit_test(ipv4_address_tail_ignored),
		cmocka_unit_test(oversized_messages),
		cmocka_unit_test(empty_buffer),
		cmocka_unit_test(kernel_errors),
		cmocka_unit_test(malformed_records),
		cmocka_unit_test(live_tcp_listener),
		cmocka_unit_test(live_tcp_both_families),
		cmocka_unit_test(live_udp6),
		cmocka_unit_test(live_raw),
		cmocka_unit_test(bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
