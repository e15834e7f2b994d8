/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_NETLINK_FIXTURE_H
#define IPCSCOPE_NETLINK_FIXTURE_H

/*
 * What the sock_diag parser tests share: the recorded replies in
 * fixtures/netlink, the damage every recording is put through, messages
 * built by hand, and the live-dump odds and ends.  The checks fail
 * through cmocka, so they run only inside a cmocka test.
 */

#include <linux/netlink.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The fixtures directory: argv[1], else tests/fixtures for a run from the source tree's top. */
void fixture_init(int argc, char **argv);

struct blob {
	unsigned char *data;
	size_t len;
};

/* fixtures/netlink/<name>, whole; free() its data. */
struct blob fixture_load(const char *name);

/*
 * The parser under test, behind the checks below: parse len bytes at buf
 * into ctx, set *n to the records handed over and return what the parser
 * returned, errno as it left it.
 */
typedef int (*parse_fn)(const void *buf, size_t len, void *ctx, size_t *n);

/* Offsets where b's messages start; the last must end where b does. */
size_t message_starts(const struct blob *b, size_t *starts, size_t max);

/*
 * Parses every prefix of a fixture, each from an exact-size copy so that
 * reading past it trips the sanitizer.  A prefix that ends between
 * messages must give 1 after handing over the messages before it; any
 * other must fail with EBADMSG after the whole messages before the cut.
 * Returns what the whole fixture gave, with *n and errno.
 */
int check_every_prefix(const char *name, parse_fn parse, void *ctx, size_t *n);

/*
 * The fixture with its third message claiming each of these lengths, and
 * lengths past the end of the buffer: every one must fail with EBADMSG,
 * the two messages before it handed over.
 */
void check_bad_message_lengths(const char *name, const uint32_t *lengths, size_t count,
			       parse_fn parse, void *ctx);

/*
 * The fixture with the first attribute of its first message, which must
 * be of this type and follow a family header of hdrlen bytes, claiming
 * each of these lengths, and lengths past the end of the message: every
 * one must fail with EBADMSG, no record handed over.
 */
void check_bad_attribute_lengths(const char *name, size_t hdrlen, uint16_t type,
				 const uint16_t *lengths, size_t count, parse_fn parse,
				 void *ctx);

/*
 * Lengths too large for an int, and lengths whose aligned step wraps to
 * nothing, on every type of message, each placed after one good record
 * (`record`, one whole message as the family's parser takes it) and before
 * NLMSG_DONE: every one must fail with EBADMSG once the good record is
 * handed over, without reading past the buffer and without looping (an
 * alarm turns a loop into a failure).
 */
void check_oversized_messages(const void *record, size_t record_len, parse_fn parse, void *ctx);

/* Parses the fixture from shift bytes into a buffer, off the alignment the kernel gives. */
int parse_shifted(const char *name, size_t shift, parse_fn parse, void *ctx, size_t *n);

/* Messages built by hand, each part padded as the kernel pads it. */
struct builder {
	alignas(struct nlmsghdr) unsigned char buf[1024];
	size_t len; /* bytes so far */
	size_t msg; /* where the last message begun starts */
};

/* Appends len bytes of data (zeros for NULL) and their padding; returns where. */
void *nl_put(struct builder *b, const void *data, size_t len);
void nl_begin(struct builder *b, uint16_t type);
/* Sets the length of the message begun last to what has been put since. */
void nl_end(struct builder *b);
void nl_attr(struct builder *b, uint16_t type, const void *data, size_t len);
/* Whole messages: NLMSG_DONE with its error, NLMSG_ERROR with struct nlmsgerr. */
void nl_done(struct builder *b, int error);
void nl_error(struct builder *b, int error);

uint64_t inode_of(int fd);
/* Whether a dump failed for want of sock_diag here, not for a bug: the test is skipped. */
bool no_sock_diag(int ret, int err);

#endif
