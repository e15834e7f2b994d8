/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * TCP, UDP and raw IP sockets from netlink sock_diag (linux/inet_diag.h):
 * the request and the records; sockdiag.c checks and walks the messages
 * around them.  As in unix_diag.c, every length in a reply is checked
 * before anything behind it is read: the parser also runs on damaged
 * recordings.
 */
#include "sockdiag.h"
#include "sockets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>

struct parse_ctx {
	int protocol;
	inet_sock_fn fn;
	void *arg;
};

static void copy_address(uint8_t *out, const __be32 *addr, int family)
{
	memset(out, 0, 16);
	memcpy(out, addr, family == AF_INET ? 4 : 16);
}

static int parse_record(const struct nlmsghdr *nlh, void *data)
{
	const struct parse_ctx *ctx = data;
	const struct inet_diag_msg *msg = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < MNL_ALIGN(sizeof(*msg)) ||
	    (msg->idiag_family != AF_INET && msg->idiag_family != AF_INET6))
		return sockdiag_bad_message();
	/*
	 * No attribute is wanted (the request asks for no extensions), but the
	 * kernel adds a few anyway, and a damaged one means a damaged message.
	 */
	if (sockdiag_walk_attrs(nlh, MNL_ALIGN(sizeof(*msg)), NULL, NULL) < 0)
		return -1;

	/* For a raw socket the kernel's local port is the IP protocol: keep it there. */
	struct inet_sock sock = {
		.family = msg->idiag_family,
		.protocol = (uint8_t)ctx->protocol,
		.state = msg->idiag_state,
		.local_port = ntohs(msg->id.idiag_sport),
		.remote_port = ntohs(msg->id.idiag_dport),
		.rqueue = msg->idiag_rqueue,
		.wqueue = msg->idiag_wqueue,
		.has_uid = true,
		.uid = msg->idiag_uid,
		.inode = msg->idiag_inode,
	};
	copy_address(sock.local, msg->id.idiag_src, msg->idiag_family);
	copy_address(sock.remote, msg->id.idiag_dst, msg->idiag_family);
	ctx->fn(&sock, ctx->arg);
	return 1;
}

int inet_diag_parse(const void *buf, size_t len, int protocol, inet_sock_fn fn, void *arg)
{
	struct parse_ctx ctx = { .protocol = protocol, .fn = fn, .arg = arg };

	return sockdiag_parse(buf, len, parse_record, &ctx);
}

/*
 * TCP's sockets of both families in one dump: the kernel's older request,
 * which alone asks for AF_UNSPEC.  Each TCP dump walks the machine's whole
 * established hash, whatever namespace it is for and however few sockets
 * that has, so one walk instead of two halves the cost of a namespace.
 */
static int dump_tcp_both(struct parse_ctx *ctx)
{
	const struct inet_diag_req req = {
		.idiag_family = AF_UNSPEC,
		.idiag_states = ~0U,
	};

	return sockdiag_dump(TCPDIAG_GETSOCK, &req, sizeof(req), parse_record, ctx);
}

/*
 * IPPROTO_RAW selects the kernel's raw_diag handler, which dumps the raw
 * sockets of every IP protocol: sdiag_raw_protocol only narrows a
 * single-socket lookup, never a dump, so it is left 0.
 */
int inet_diag_dump(int family, int protocol, inet_sock_fn fn, void *arg)
{
	struct parse_ctx ctx = { .protocol = protocol, .fn = fn, .arg = arg };

	if (family == AF_UNSPEC && protocol == IPPROTO_TCP)
		return dump_tcp_both(&ctx);
	if ((family != AF_INET && family != AF_INET6) ||
	    (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP && protocol != IPPROTO_RAW)) {
		errno = EINVAL;
		return -1;
	}

	const struct inet_diag_req_raw req = {
		.sdiag_family = (uint8_t)family,
		.sdiag_protocol = (uint8_t)protocol,
		.idiag_states = ~0U,
	};

	return sockdiag_dump(SOCK_DIAG_BY_FAMILY, &req, sizeof(req), parse_record, &ctx);
}
