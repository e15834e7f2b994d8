/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * unix_diag_parse on a recorded dump (fixtures/netlink/unix.bin, see
 * unix.txt for what it holds), on every prefix of it, on damaged and
 * hand-built messages; and one live dump.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "netlink_fixture.h"
#include "sockets.h"

#include <errno.h>
#include <limits.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* ---- collecting ---- */

/* Copies of what the callback saw: its pointers die with the call. */
struct rec {
	struct unix_sock s;
	char name[128];
	uint32_t icons[8];
};

struct recs {
	struct rec r[32];
	size_t n;
};

static void collect(const struct unix_sock *s, void *arg)
{
	struct recs *rs = arg;

	assert_true(rs->n < 32);
	struct rec *r = &rs->r[rs->n++];
	r->s = *s;
	if (s->name) {
		assert_true(strlen(s->name) < sizeof(r->name));
		strcpy(r->name, s->name);
		r->s.name = r->name;
	}
	assert_true(s->nicons <= 8);
	assert_true(s->nicons == 0 || s->icons != NULL);
	if (s->nicons)
		memcpy(r->icons, s->icons, s->nicons * sizeof(uint32_t));
	r->s.icons = r->icons;
}

static int parse(const void *buf, size_t len, struct recs *rs)
{
	memset(rs, 0, sizeof(*rs));
	errno = 0;
	return unix_diag_parse(buf, len, collect, rs);
}

/* parse() as the shared checks call it. */
static int parse_counted(const void *buf, size_t len, void *ctx, size_t *n)
{
	struct recs *rs = ctx;
	int ret = parse(buf, len, rs);

	*n = rs->n;
	return ret;
}

static const struct rec *by_name(const struct recs *rs, const char *name, uint8_t state)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->r[i].s.name && strcmp(rs->r[i].s.name, name) == 0 && rs->r[i].s.state == state)
			return &rs->r[i];
	fail_msg("no socket named '%s' in state %u", name, state);
	return NULL;
}

static const struct rec *by_inode(const struct recs *rs, uint64_t inode)
{
	for (size_t i = 0; i < rs->n; i++)
		if (rs->r[i].s.inode == inode)
			return &rs->r[i];
	fail_msg("no socket with inode %llu", (unsigned long long)inode);
	return NULL;
}

/* ---- the recorded dump ---- */

static struct recs dump;

static int setup_dump(void **state)
{
	(void)state;
	struct blob b = fixture_load("unix.bin");
	int ret = parse(b.data, b.len, &dump);
	free(b.data);
	return ret == 0 ? 0 : -1;
}

static void whole_dump_parses(void **state)
{
	(void)state;
	struct blob b = fixture_load("unix.bin");
	struct recs rs;

	assert_int_equal(parse(b.data, b.len, &rs), 0);
	assert_int_equal(rs.n, 13);
	for (size_t i = 0; i < rs.n; i++) {
		assert_true(rs.r[i].s.has_uid);
		assert_int_equal(rs.r[i].s.uid, 0);
		assert_true(rs.r[i].s.has_queues);
		assert_true(rs.r[i].s.inode != 0);
	}
	free(b.data);
}

/* Unnamed sockets of a type whose peer names them back: the socketpairs. */
static size_t count_pairs(uint8_t type)
{
	size_t pairs = 0;

	for (size_t i = 0; i < dump.n; i++) {
		const struct unix_sock *s = &dump.r[i].s;
		if (s->type != type || s->name || !s->has_peer || s->peer == 0)
			continue;
		const struct unix_sock *p = &by_inode(&dump, s->peer)->s;
		if (p->name || !p->has_peer || p->peer != s->inode)
			continue;
		assert_int_equal(s->state, TCP_ESTABLISHED);
		assert_int_equal(p->state, TCP_ESTABLISHED);
		assert_int_equal(p->type, type);
		assert_false(s->has_vfs);
		pairs++;
	}
	return pairs / 2;
}

static void socketpairs_name_each_other(void **state)
{
	(void)state;
	assert_int_equal(count_pairs(SOCK_STREAM), 1);
	assert_int_equal(count_pairs(SOCK_SEQPACKET), 1);
}

static void listener_with_backlog(void **state)
{
	(void)state;
	const struct unix_sock *l = &by_name(&dump, "/tmp/x.sock", TCP_LISTEN)->s;

	assert_int_equal(l->type, SOCK_STREAM);
	assert_false(l->has_peer);
	assert_int_equal(l->rqueue, 1); /* one connection not accepted yet */
	assert_int_equal(l->wqueue, 4); /* listen(4) */
	assert_true(l->has_vfs);
	assert_int_equal(l->vfs_ino, 10953973);
	assert_int_equal(l->vfs_dev, 0xfe00000); /* 254:0 as the kernel encodes it */

	/* The waiting connection is the client's inode; its own peer has none yet. */
	assert_int_equal(l->nicons, 1);
	const struct unix_sock *pending = &by_inode(&dump, l->icons[0])->s;
	assert_int_equal(pending->state, TCP_ESTABLISHED);
	assert_null(pending->name);
	assert_true(pending->has_peer);
	assert_int_equal(pending->peer, 0);
}

static void accepted_connection(void **state)
{
	(void)state;
	const struct unix_sock *l = &by_name(&dump, "/tmp/x.sock", TCP_LISTEN)->s;
	const struct unix_sock *a = &by_name(&dump, "/tmp/x.sock", TCP_ESTABLISHED)->s;

	/* The accepted end carries the listener's address and path. */
	assert_int_equal(a->type, SOCK_STREAM);
	assert_true(a->has_vfs);
	assert_int_equal(a->vfs_ino, l->vfs_ino);
	assert_int_equal(a->rqueue, 5); /* "hello", unread */
	assert_int_equal(a->nicons, 0);
	assert_true(a->has_peer);

	const struct unix_sock *c = &by_inode(&dump, a->peer)->s;
	assert_null(c->name);
	assert_true(c->has_peer);
	assert_int_equal(c->peer, a->inode);
}

static void abstract_names(void **state)
{
	(void)state;
	const struct unix_sock *s = &by_name(&dump, "@ipcscope-test", TCP_LISTEN)->s;

	assert_int_equal(s->type, SOCK_STREAM);
	assert_false(s->has_vfs);
	assert_int_equal(s->wqueue, 1);
	/* The kernel sends an empty ICONS attribute for a listener with nothing waiting. */
	assert_int_equal(s->nicons, 0);

	s = &by_name(&dump, "@ipcscope@nul", TCP_CLOSE)->s;
	assert_int_equal(s->type, SOCK_DGRAM);
	assert_false(s->has_vfs);
	assert_false(s->has_peer);
}

static void datagram_sockets(void **state)
{
	(void)state;
	const struct unix_sock *d = &by_name(&dump, "/tmp/d.sock", TCP_ESTABLISHED)->s;
	size_t clients = 0, loose = 0;

	assert_int_equal(d->type, SOCK_DGRAM);
	assert_int_equal(d->rqueue, 8); /* length of the first queued datagram */
	assert_true(d->has_vfs);
	assert_int_equal(d->vfs_ino, 10953974);
	for (size_t i = 0; i < dump.n; i++) {
		const struct unix_sock *s = &dump.r[i].s;
		if (s->type != SOCK_DGRAM || s->name)
			continue;
		if (s->has_peer && s->peer == d->inode)
			clients++;
		if (!s->has_peer && s->state == TCP_CLOSE)
			loose++;
	}
	assert_int_equal(clients, 1);
	assert_int_equal(loose, 1);
}

/* ---- damaged input ---- */

static void every_prefix(void **state)
{
	(void)state;
	struct recs rs;
	size_t n;

	assert_int_equal(check_every_prefix("unix.bin", parse_counted, &rs, &n), 0);
	assert_int_equal(n, 13);
}

static void split_at_every_boundary(void **state)
{
	(void)state;
	struct blob b = fixture_load("unix.bin");
	size_t starts[64];
	size_t nmsgs = message_starts(&b, starts, 64);
	struct recs first, second;

	for (size_t i = 1; i < nmsgs; i++) {
		assert_int_equal(parse(b.data, starts[i], &first), 1);
		assert_int_equal(parse(b.data + starts[i], b.len - starts[i], &second), 0);
		assert_int_equal(first.n + second.n, 13);
	}
	free(b.data);
}

static void bad_message_lengths(void **state)
{
	(void)state;
	const uint32_t lengths[] = { 0, 8, 15, 16, 20, 31 };
	struct recs rs;

	check_bad_message_lengths("unix.bin", lengths, sizeof(lengths) / sizeof(lengths[0]),
				  parse_counted, &rs);
}

static void bad_attribute_lengths(void **state)
{
	(void)state;
	/* The first attribute is UNIX_DIAG_PEER, a u32: 6 frames fine but is too short for it. */
	const uint16_t lengths[] = { 0, 1, 3, 6, 9 };
	struct recs rs;

	check_bad_attribute_lengths("unix.bin", sizeof(struct unix_diag_msg), UNIX_DIAG_PEER,
				    lengths, sizeof(lengths) / sizeof(lengths[0]), parse_counted, &rs);
}

static void unaligned_buffer(void **state)
{
	(void)state;
	struct recs rs;
	size_t n;

	assert_int_equal(parse_shifted("unix.bin", 1, parse_counted, &rs, &n), 0);
	assert_int_equal(n, 13);
}

/* ---- hand-built messages ---- */

static void begin_record(struct builder *b, uint32_t inode)
{
	struct unix_diag_msg m = {
		.udiag_family = AF_UNIX,
		.udiag_type = SOCK_STREAM,
		.udiag_state = TCP_ESTABLISHED,
		.udiag_ino = inode,
	};

	nl_begin(b, SOCK_DIAG_BY_FAMILY);
	nl_put(b, &m, sizeof(m));
}

static void oversized_messages(void **state)
{
	(void)state;
	struct builder b = { 0 };
	struct recs rs;
	const uint32_t ino = 7;

	begin_record(&b, 9);
	nl_attr(&b, UNIX_DIAG_PEER, &ino, sizeof(ino));
	nl_end(&b);
	check_oversized_messages(b.buf, b.len, parse_counted, &rs);
}

static void empty_buffer(void **state)
{
	(void)state;
	struct recs rs;
	alignas(4) unsigned char none[4] = { 0 };

	assert_int_equal(parse(none, 0, &rs), 1);
	assert_int_equal(rs.n, 0);
}

static void kernel_errors(void **state)
{
	(void)state;
	struct builder b = { 0 };
	struct recs rs;

	begin_record(&b, 7);
	nl_end(&b);
	nl_error(&b, -ENOENT);
	assert_int_equal(parse(b.buf, b.len, &rs), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(rs.n, 1);

	memset(&b, 0, sizeof(b));
	nl_error(&b, -EOPNOTSUPP);
	assert_int_equal(parse(b.buf, b.len, &rs), -1);
	assert_int_equal(errno, EOPNOTSUPP);

	/* A dump cut short reports its error in NLMSG_DONE. */
	memset(&b, 0, sizeof(b));
	nl_done(&b, -EPERM);
	assert_int_equal(parse(b.buf, b.len, &rs), -1);
	assert_int_equal(errno, EPERM);

	/* An acknowledgement ends the request without an error. */
	memset(&b, 0, sizeof(b));
	nl_error(&b, 0);
	assert_int_equal(parse(b.buf, b.len, &rs), 0);

	/* Not an errno: the message is damaged. */
	const int bogus[] = { 5, INT_MIN };
	for (size_t i = 0; i < 2; i++) {
		memset(&b, 0, sizeof(b));
		nl_error(&b, bogus[i]);
		assert_int_equal(parse(b.buf, b.len, &rs), -1);
		assert_int_equal(errno, EBADMSG);
	}
	memset(&b, 0, sizeof(b));
	nl_done(&b, INT_MIN);
	assert_int_equal(parse(b.buf, b.len, &rs), -1);
	assert_int_equal(errno, EBADMSG);

	/* Too short to hold struct nlmsgerr. */
	memset(&b, 0, sizeof(b));
	nl_begin(&b, NLMSG_ERROR);
	int e = -ENOENT;
	nl_put(&b, &e, sizeof(e));
	nl_end(&b);
	assert_int_equal(parse(b.buf, b.len, &rs), -1);
	assert_int_equal(errno, EBADMSG);
}

static void message_types(void **state)
{
	(void)state;
	struct builder b = { 0 };
	struct recs rs;

	nl_begin(&b, NLMSG_NOOP);
	nl_end(&b);
	begin_record(&b, 7);
	nl_end(&b);
	nl_done(&b, 0);
	assert_int_equal(parse(b.buf, b.len, &rs), 0);
	assert_int_equal(rs.n, 1);

	memset(&b, 0, sizeof(b));
	nl_begin(&b, 99);
	nl_end(&b);
	assert_int_equal(parse(b.buf, b.len, &rs), -1);
	assert_int_equal(errno, EBADMSG);

	/* The wrong address family in the record. */
	memset(&b, 0, sizeof(b));
	begin_record(&b, 7);
	nl_end(&b);
	((struct unix_diag_msg *)(b.buf + NLMSG_HDRLEN))->udiag_family = AF_INET;
	assert_int_equal(parse(b.buf, b.len, &rs), -1);
	assert_int_equal(errno, EBADMSG);
}

/* The record one NAME attribute of these bytes makes, or -1 and errno. */
static int name_of(const void *name, size_t len, char *out)
{
	struct builder b = { 0 };
	struct recs rs;

	begin_record(&b, 7);
	nl_attr(&b, UNIX_DIAG_NAME, name, len);
	nl_end(&b);
	int ret = parse(b.buf, b.len, &rs);
	if (ret < 0)
		return ret;
	assert_int_equal(rs.n, 1);
	strcpy(out, rs.r[0].s.name ? rs.r[0].s.name : "(null)");
	return 0;
}

static void names(void **state)
{
	(void)state;
	char got[256], path[109];

	assert_int_equal(name_of("/run/x.sock\0garbage", 19, got), 0);
	assert_string_equal(got, "/run/x.sock");
	assert_int_equal(name_of("\0a\0\0b", 5, got), 0);
	assert_string_equal(got, "@a@@b");
	assert_int_equal(name_of("\0", 1, got), 0);
	assert_string_equal(got, "@");
	assert_int_equal(name_of("", 0, got), 0);
	assert_string_equal(got, "(null)");

	/* A full sun_path without a terminating NUL, then one byte too many. */
	memset(path, 'p', sizeof(path));
	path[0] = '/';
	assert_int_equal(name_of(path, 108, got), 0);
	assert_int_equal(strlen(got), 108);
	assert_int_equal(name_of(path, 109, got), -1);
	assert_int_equal(errno, EBADMSG);
	path[0] = '\0';
	assert_int_equal(name_of(path, 108, got), 0);
	assert_int_equal(strlen(got), 108);
	assert_int_equal(got[0], '@');
}

static int one_attr(uint16_t type, const void *data, size_t len, struct recs *rs)
{
	struct builder b = { 0 };

	begin_record(&b, 7);
	nl_attr(&b, type, data, len);
	nl_end(&b);
	return parse(b.buf, b.len, rs);
}

static void attribute_sizes(void **state)
{
	(void)state;
	const uint32_t words[4] = { 11, 22, 33, 44 };
	struct recs rs;

	assert_int_equal(one_attr(UNIX_DIAG_VFS, words, 8, &rs), 1);
	assert_true(rs.r[0].s.has_vfs);
	assert_int_equal(rs.r[0].s.vfs_ino, 11);
	assert_int_equal(rs.r[0].s.vfs_dev, 22);
	assert_int_equal(one_attr(UNIX_DIAG_RQLEN, words, 8, &rs), 1);
	assert_int_equal(rs.r[0].s.rqueue, 11);
	assert_int_equal(rs.r[0].s.wqueue, 22);
	assert_int_equal(one_attr(UNIX_DIAG_ICONS, words, 12, &rs), 1);
	assert_int_equal(rs.r[0].s.nicons, 3);
	assert_int_equal(rs.r[0].icons[2], 33);
	assert_int_equal(one_attr(UNIX_DIAG_UID, words + 3, 4, &rs), 1);
	assert_int_equal(rs.r[0].s.uid, 44);
	assert_int_equal(one_attr(UNIX_DIAG_PEER, words + 1, 4, &rs), 1);
	assert_int_equal(rs.r[0].s.peer, 22);
	/* Unknown attributes are skipped. */
	assert_int_equal(one_attr(200, words, 16, &rs), 1);
	assert_false(rs.r[0].s.has_peer);

	static const struct {
		uint16_t type;
		size_t len;
	} wrong[] = {
		{ UNIX_DIAG_VFS, 4 },  { UNIX_DIAG_VFS, 12 }, { UNIX_DIAG_RQLEN, 4 },
		{ UNIX_DIAG_RQLEN, 16 }, { UNIX_DIAG_ICONS, 6 }, { UNIX_DIAG_UID, 2 },
		{ UNIX_DIAG_UID, 8 },  { UNIX_DIAG_PEER, 0 },  { UNIX_DIAG_PEER, 8 },
	};
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		if (one_attr(wrong[i].type, words, wrong[i].len, &rs) != -1 || errno != EBADMSG)
			fail_msg("attribute %u of %zu bytes accepted", wrong[i].type, wrong[i].len);
		assert_int_equal(rs.n, 0);
	}
}

static void unpadded_last_attribute(void **state)
{
	(void)state;
	struct builder b = { 0 };
	struct recs rs;

	/* A 5-byte attribute at the very end, the message length not rounded up. */
	begin_record(&b, 7);
	nl_attr(&b, UNIX_DIAG_NAME, "/a", 2);
	nl_attr(&b, UNIX_DIAG_SHUTDOWN, "\x03", 1);
	nl_end(&b);
	size_t len = b.len - 3;
	((struct nlmsghdr *)b.buf)->nlmsg_len = (uint32_t)len;
	assert_int_equal(parse(b.buf, len, &rs), 1);
	assert_int_equal(rs.n, 1);
	assert_string_equal(rs.r[0].s.name, "/a");
}

/* ---- a real dump ---- */

struct live {
	uint64_t ino[2];
	int seen;
	bool peers_match;
};

static void find_pair(const struct unix_sock *s, void *arg)
{
	struct live *l = arg;

	for (int i = 0; i < 2; i++) {
		if (s->inode != l->ino[i])
			continue;
		l->seen++;
		if (!s->has_peer || s->peer != l->ino[!i] || s->type != SOCK_DGRAM)
			l->peers_match = false;
	}
}

static void live_dump(void **state)
{
	(void)state;
	int sv[2];
	struct live l = { .peers_match = true };

	assert_int_equal(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv), 0);
	for (int i = 0; i < 2; i++)
		l.ino[i] = inode_of(sv[i]);
	int ret = unix_diag_dump(find_pair, &l);
	int err = errno;
	close(sv[0]);
	close(sv[1]);
	if (no_sock_diag(ret, err))
		skip();
	assert_int_equal(ret, 0);
	assert_int_equal(l.seen, 2);
	assert_true(l.peers_match);
}

int main(int argc, char **argv)
{
	fixture_init(argc, argv);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(whole_dump_parses),
		cmocka_unit_test_setup(socketpairs_name_each_other, setup_dump),
		cmocka_unit_test_setup(listener_with_backlog, setup_dump),
		cmocka_unit_test_setup(accepted_connection, setup_dump),
		cmocka_unit_test_setup(abstract_names, setup_dump),
		cmocka_unit_test_setup(datagram_sockets, setup_dump),
		cmocka_unit_test(every_prefix),
		cmocka_unit_test(split_at_every_boundary),
		cmocka_unit_test(bad_message_lengths),
		cmocka_unit_test(bad_attribute_lengths),
		cmocka_unit_test(unaligned_buffer),
		cmocka_unit_test(oversized_messages),
		cmocka_unit_test(empty_buffer),
		cmocka_unit_test(kernel_errors),
		cmocka_unit_test(message_types),
		cmocka_unit_test(names),
		cmocka_unit_test(attribute_sizes),
		cmocka_unit_test(unpadded_last_attribute),
		cmocka_unit_test(live_dump),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
