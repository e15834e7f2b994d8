/* SPDX-License-Identifier: GPL-2.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "netlink_fixture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *fixtures;

void fixture_init(int argc, char **argv)
{
	fixtures = argc > 1 ? argv[1] : "tests/fixtures";
}

struct blob fixture_load(const char *name)
{
	char path[4096];
	struct blob b = { 0 };

	snprintf(path, sizeof(path), "%s/netlink/%s", fixtures, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	b.data = malloc(1 << 16);
	assert_non_null(b.data);
	b.len = fread(b.data, 1, 1 << 16, f);
	assert_true(feof(f));
	fclose(f);
	assert_true(b.len > 0);
	return b;
}

/* The first len bytes of b, shift bytes into a buffer of just that size. */
static unsigned char *copy_of(const struct blob *b, size_t shift, size_t len)
{
	unsigned char *p = malloc(shift + len ? shift + len : 1);

	assert_non_null(p);
	memcpy(p + shift, b->data, len);
	return p;
}

size_t message_starts(const struct blob *b, size_t *starts, size_t max)
{
	size_t n = 0, off = 0;

	while (off < b->len) {
		assert_true(n < max);
		starts[n++] = off;
		const struct nlmsghdr *nlh = (const void *)(b->data + off);
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	assert_int_equal(off, b->len);
	return n;
}

static void check_prefix(const char *name, const size_t *starts, size_t nmsgs, size_t cut,
			 int ret, int err, size_t n)
{
	size_t whole = 0;
	bool boundary = false;

	for (size_t i = 0; i < nmsgs; i++) {
		if (starts[i] == cut)
			boundary = true;
		if (starts[i] < cut)
			whole = i;
	}
	if (boundary) {
		if (ret != 1)
			fail_msg("%s cut at boundary %zu: got %d, errno %d", name, cut, ret, err);
		assert_int_equal(n, cut ? whole + 1 : 0);
	} else {
		if (ret != -1 || err != EBADMSG)
			fail_msg("%s cut at %zu: got %d, errno %d", name, cut, ret, err);
		/* Records before the cut message were handed over. */
		assert_int_equal(n, whole);
	}
}

int check_every_prefix(const char *name, parse_fn parse, void *ctx, size_t *n)
{
	struct blob b = fixture_load(name);
	size_t starts[64];
	size_t nmsgs = message_starts(&b, starts, 64);
	int ret, err;

	for (size_t cut = 0;; cut++) {
		unsigned char *p = copy_of(&b, 0, cut);
		ret = parse(p, cut, ctx, n);
		err = errno;
		free(p);
		if (cut == b.len)
			break;
		check_prefix(name, starts, nmsgs, cut, ret, err, *n);
	}
	free(b.data);
	errno = err;
	return ret;
}

/* c, a damaged copy of a fixture, must fail with EBADMSG after nrecs records. */
static void expect_bad(const unsigned char *c, size_t len, size_t nrecs, parse_fn parse,
		       void *ctx, const char *field, unsigned value)
{
	size_t n;

	if (parse(c, len, ctx, &n) != -1 || errno != EBADMSG)
		fail_msg("%s %u accepted", field, value);
	assert_int_equal(n, nrecs);
}

static void bad_message_length(const struct blob *b, size_t at, uint32_t len, parse_fn parse,
			       void *ctx)
{
	unsigned char *c = copy_of(b, 0, b->len);
	struct nlmsghdr *nlh = (void *)(c + at);

	nlh->nlmsg_len = len;
	expect_bad(c, b->len, 2, parse, ctx, "nlmsg_len", len);
	free(c);
}

void check_bad_message_lengths(const char *name, const uint32_t *lengths, size_t count,
			       parse_fn parse, void *ctx)
{
	struct blob b = fixture_load(name);
	size_t starts[64];

	message_starts(&b, starts, 64);
	for (size_t i = 0; i < count; i++)
		bad_message_length(&b, starts[2], lengths[i], parse, ctx);
	bad_message_length(&b, starts[2], (uint32_t)b.len + 4, parse, ctx);
	bad_message_length(&b, starts[2], UINT32_MAX, parse, ctx);
	free(b.data);
}

static void bad_attribute_length(const struct blob *b, size_t at, uint16_t type, uint16_t len,
				 parse_fn parse, void *ctx)
{
	unsigned char *c = copy_of(b, 0, b->len);
	struct nlattr *attr = (void *)(c + at);

	assert_int_equal(attr->nla_type, type);
	attr->nla_len = len;
	expect_bad(c, b->len, 0, parse, ctx, "nla_len", len);
	free(c);
}

void check_bad_attribute_lengths(const char *name, size_t hdrlen, uint16_t type,
				 const uint16_t *lengths, size_t count, parse_fn parse,
				 void *ctx)
{
	struct blob b = fixture_load(name);
	const struct nlmsghdr *first = (const void *)b.data;
	size_t at = NLMSG_HDRLEN + NLMSG_ALIGN(hdrlen);
	uint16_t room = (uint16_t)(first->nlmsg_len - at);

	for (size_t i = 0; i < count; i++)
		bad_attribute_length(&b, at, type, lengths[i], parse, ctx);
	bad_attribute_length(&b, at, type, (uint16_t)(room + 4), parse, ctx);
	bad_attribute_length(&b, at, type, UINT16_MAX, parse, ctx);
	free(b.data);
}

/* Which message of a built buffer gets the oversized length. */
enum oversized_kind { OVERSIZED_RECORD, OVERSIZED_NOOP, OVERSIZED_DONE, OVERSIZED_ACK };

static void put_victim(struct builder *b, enum oversized_kind kind, const void *record,
		       size_t record_len)
{
	switch (kind) {
	case OVERSIZED_RECORD:
		nl_put(b, record, record_len);
		break;
	case OVERSIZED_NOOP:
		nl_begin(b, NLMSG_NOOP);
		nl_end(b);
		break;
	case OVERSIZED_DONE:
		nl_done(b, 0);
		break;
	case OVERSIZED_ACK:
		nl_error(b, 0);
		break;
	}
}

/*
 * The buffer with the victim after the good record, its length set; whole:
 * NLMSG_DONE follows it, else the buffer ends after the victim's header.
 */
static int parse_oversized(enum oversized_kind kind, uint32_t length, bool whole,
			   const void *record, size_t record_len, parse_fn parse, void *ctx,
			   size_t *n)
{
	struct builder b = { 0 };

	nl_put(&b, record, record_len);
	size_t at = b.len;
	put_victim(&b, kind, record, record_len);
	if (whole)
		nl_done(&b, 0);
	else
		b.len = at + NLMSG_HDRLEN;
	((struct nlmsghdr *)(b.buf + at))->nlmsg_len = length;

	const struct blob exact = { b.buf, b.len };
	unsigned char *c = copy_of(&exact, 0, exact.len);
	alarm(10);
	int ret = parse(c, exact.len, ctx, n);
	int err = errno;
	alarm(0);
	free(c);
	errno = err;
	return ret;
}

void check_oversized_messages(const void *record, size_t record_len, parse_fn parse, void *ctx)
{
	static const uint32_t lengths[] = {
		0x80000000u, 0x80000010u, 0xc0000000u, 0xfffffff0u,
		0xfffffffcu, 0xfffffffdu, 0xfffffffeu, 0xffffffffu,
	};
	static const char *const kinds[] = { "record", "NLMSG_NOOP", "NLMSG_DONE", "ack" };

	for (int kind = OVERSIZED_RECORD; kind <= OVERSIZED_ACK; kind++) {
		for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
			for (int whole = 1; whole >= 0; whole--) {
				size_t n = 0;
				int ret = parse_oversized(kind, lengths[i], whole, record, record_len,
							  parse, ctx, &n);
				if (ret != -1 || errno != EBADMSG)
					fail_msg("%s%s with nlmsg_len 0x%x accepted: got %d, errno %d",
						 whole ? "" : "last ", kinds[kind], lengths[i], ret,
						 errno);
				assert_int_equal(n, 1);
			}
		}
	}
}

int parse_shifted(const char *name, size_t shift, parse_fn parse, void *ctx, size_t *n)
{
	struct blob b = fixture_load(name);
	unsigned char *c = copy_of(&b, shift, b.len);
	int ret = parse(c + shift, b.len, ctx, n);
	int err = errno;

	free(c);
	free(b.data);
	errno = err;
	return ret;
}

void *nl_put(struct builder *b, const void *data, size_t len)
{
	void *at = b->buf + b->len;

	assert_true(b->len + NLMSG_ALIGN(len) <= sizeof(b->buf));
	memset(at, 0, NLMSG_ALIGN(len));
	if (data)
		memcpy(at, data, len);
	b->len += NLMSG_ALIGN(len);
	return at;
}

void nl_begin(struct builder *b, uint16_t type)
{
	struct nlmsghdr h = { .nlmsg_type = type, .nlmsg_flags = NLM_F_MULTI };

	b->msg = b->len;
	nl_put(b, &h, sizeof(h));
}

void nl_end(struct builder *b)
{
	struct nlmsghdr *h = (void *)(b->buf + b->msg);
	h->nlmsg_len = (uint32_t)(b->len - b->msg);
}

void nl_attr(struct builder *b, uint16_t type, const void *data, size_t len)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + len), .nla_type = type };

	nl_put(b, &a, sizeof(a));
	if (len)
		nl_put(b, data, len);
}

void nl_done(struct builder *b, int error)
{
	nl_begin(b, NLMSG_DONE);
	nl_put(b, &error, sizeof(error));
	nl_end(b);
}

void nl_error(struct builder *b, int error)
{
	struct nlmsgerr e = { .error = error };

	nl_begin(b, NLMSG_ERROR);
	nl_put(b, &e, sizeof(e));
	nl_end(b);
}

uint64_t inode_of(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return st.st_ino;
}

bool no_sock_diag(int ret, int err)
{
	return ret < 0 && (err == EPERM || err == ENOENT || err == EPROTONOSUPPORT);
}
