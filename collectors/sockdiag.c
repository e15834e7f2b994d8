/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The part of netlink sock_diag that does not depend on the address
 * family.  The parser also runs on recorded and deliberately damaged
 * replies, so every length the kernel sends is checked before anything
 * behind it is read.
 */
#include "sockdiag.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

/*
 * The kernel never puts more than 32 KiB into one dump reply; a smaller
 * buffer would only mean more system calls.
 */
#define DUMP_BUFSIZE 32768

int sockdiag_bad_message(void)
{
	errno = EBADMSG;
	return -1;
}

/*
 * mnl_attr_parse() stops quietly at an attribute that does not fit; here
 * that is a damaged message, so walk the attributes by hand.  Lengths are
 * compared unsigned, never through mnl_attr_ok()'s int.
 */
int sockdiag_walk_attrs(const struct nlmsghdr *nlh, size_t hdrlen, sockdiag_attr_fn fn,
			void *ctx)
{
	const char *p = (const char *)mnl_nlmsg_get_payload(nlh) + hdrlen;
	size_t left = (size_t)nlh->nlmsg_len - MNL_NLMSG_HDRLEN - hdrlen;

	while (left > 0) {
		const struct nlattr *attr = (const struct nlattr *)p;
		if (left < MNL_ATTR_HDRLEN || attr->nla_len < MNL_ATTR_HDRLEN ||
		    attr->nla_len > left)
			return sockdiag_bad_message();
		if (fn && fn(attr, ctx) < 0)
			return -1;
		size_t step = MNL_ALIGN((size_t)attr->nla_len);
		/* The last attribute may come without its padding. */
		if (step >= left)
			break;
		left -= step;
		p += step;
	}
	return 0;
}

static int kernel_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err) || err->error > 0 ||
	    err->error == INT_MIN)
		return sockdiag_bad_message();
	/* An acknowledgement: the request is over without an error. */
	if (err->error == 0)
		return 0;
	errno = -err->error;
	return -1;
}

/*
 * A dump that fails, even at once for want of a handler (a kernel without
 * raw_diag), says why in NLMSG_DONE's payload, not in an NLMSG_ERROR.
 */
static int dump_done(const struct nlmsghdr *nlh)
{
	int error;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(error))
		return 0;
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	if (error == INT_MIN)
		return sockdiag_bad_message();
	if (error < 0) {
		errno = -error;
		return -1;
	}
	return 0;
}

/* 1: go on, 0: the dump is complete, -1: errno says why not. */
static int parse_message(const struct nlmsghdr *nlh, sockdiag_record_fn record, void *ctx)
{
	switch (nlh->nlmsg_type) {
	case SOCK_DIAG_BY_FAMILY:
	case TCPDIAG_GETSOCK: /* a reply has the type of its request */
		return record(nlh, ctx);
	case NLMSG_DONE:
		return dump_done(nlh);
	case NLMSG_ERROR:
		return kernel_error(nlh);
	case NLMSG_NOOP:
		return 1;
	default:
		return sockdiag_bad_message();
	}
}

/*
 * Every length is compared unsigned against what is left of the buffer:
 * mnl_nlmsg_ok() compares through an int, which lets a length of 2 GiB or
 * more through, and the step of one within 3 bytes of 4 GiB aligns to 0.
 */
static int parse_aligned(const char *p, size_t len, sockdiag_record_fn record, void *ctx)
{
	while (len > 0) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		if (len < MNL_NLMSG_HDRLEN || nlh->nlmsg_len < MNL_NLMSG_HDRLEN ||
		    nlh->nlmsg_len > len)
			return sockdiag_bad_message();
		int ret = parse_message(nlh, record, ctx);
		if (ret <= 0)
			return ret;
		size_t step = MNL_ALIGN((size_t)nlh->nlmsg_len);
		/* The last message may come without its padding. */
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return 1;
}

int sockdiag_parse(const void *buf, size_t len, sockdiag_record_fn record, void *ctx)
{
	if ((uintptr_t)buf % alignof(struct nlmsghdr) == 0)
		return parse_aligned(buf, len, record, ctx);

	/* Headers are read in place, which needs alignment: work on a copy. */
	void *copy = xmalloc(len);
	memcpy(copy, buf, len);
	int ret = parse_aligned(copy, len, record, ctx);
	int saved = errno;
	free(copy);
	errno = saved;
	return ret;
}

static int send_request(struct mnl_socket *nl, uint16_t type, const void *req, size_t reqlen)
{
	alignas(struct nlmsghdr) char buf[MNL_NLMSG_HDRLEN + MNL_ALIGN(SOCKDIAG_REQ_MAX)];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);

	/* The socket is ours alone and carries this one request: no sequence number needed. */
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	memcpy(mnl_nlmsg_put_extra_header(nlh, reqlen), req, reqlen);
	return mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0 ? -1 : 0;
}

static int receive_all(struct mnl_socket *nl, sockdiag_record_fn record, void *ctx)
{
	void *buf = xmalloc(DUMP_BUFSIZE);
	int ret = 1;

	while (ret == 1) {
		ssize_t n = mnl_socket_recvfrom(nl, buf, DUMP_BUFSIZE);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			ret = -1;
		else if (n == 0)
			ret = sockdiag_bad_message(); /* the kernel never sends an empty reply */
		else
			ret = sockdiag_parse(buf, (size_t)n, record, ctx);
	}
	free(buf);
	return ret;
}

int sockdiag_dump(uint16_t type, const void *req, size_t reqlen, sockdiag_record_fn record,
		  void *ctx)
{
	if (reqlen > SOCKDIAG_REQ_MAX) {
		errno = EINVAL;
		return -1;
	}

	struct mnl_socket *nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	int ret = -1;

	if (!nl)
		return -1;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0 && send_request(nl, type, req, reqlen) == 0)
		ret = receive_all(nl, record, ctx);

	int saved = errno;
	mnl_socket_close(nl);
	errno = saved;
	return ret;
}
