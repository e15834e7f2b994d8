/*
 * TCP, UDP and raw IP sockets from netlink sock_diag (linux/inet_diag.h).
 * As in unix_diag.c, every length in a reply is checked before anything
 * behind it is read: the parser also runs on damaged recordings.
 */
#include "sockets.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>

/* The kernel never puts more than 32 KiB into one dump reply. */
#define DUMP_BUFSIZE 32768

static int bad_message(void)
{
	errno = EBADMSG;
	return -1;
}

/*
 * No attribute is wanted (the request asks for no extensions), but the
 * kernel adds a few anyway, and a damaged one means a damaged message.
 */
static int check_attrs(const struct nlmsghdr *nlh)
{
	size_t hdrlen = MNL_ALIGN(sizeof(struct inet_diag_msg));
	const struct nlattr *attr = mnl_nlmsg_get_payload_offset(nlh, hdrlen);
	size_t left = mnl_nlmsg_get_payload_len(nlh) - hdrlen;

	while (left > 0) {
		if (!mnl_attr_ok(attr, (int)left))
			return bad_message();
		size_t step = MNL_ALIGN(attr->nla_len);
		/* The last attribute may come without its padding. */
		if (step >= left)
			break;
		left -= step;
		attr = mnl_attr_next(attr);
	}
	return 0;
}

static void copy_address(uint8_t *out, const __be32 *addr, int family)
{
	memset(out, 0, 16);
	memcpy(out, addr, family == AF_INET ? 4 : 16);
}

static int parse_record(const struct nlmsghdr *nlh, int protocol, inet_sock_fn fn, void *arg)
{
	const struct inet_diag_msg *msg = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < MNL_ALIGN(sizeof(*msg)) ||
	    (msg->idiag_family != AF_INET && msg->idiag_family != AF_INET6))
		return bad_message();
	if (check_attrs(nlh) < 0)
		return -1;

	/* For a raw socket the kernel's local port is the IP protocol: keep it there. */
	struct inet_sock sock = {
		.family = msg->idiag_family,
		.protocol = (uint8_t)protocol,
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
	fn(&sock, arg);
	return 1;
}

static int kernel_error(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*err) || err->error > 0 ||
	    err->error == INT_MIN)
		return bad_message();
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
		return bad_message();
	if (error < 0) {
		errno = -error;
		return -1;
	}
	return 0;
}

/* 1: go on, 0: the dump is complete, -1: errno says why not. */
static int parse_message(const struct nlmsghdr *nlh, int protocol, inet_sock_fn fn, void *arg)
{
	switch (nlh->nlmsg_type) {
	case SOCK_DIAG_BY_FAMILY:
		return parse_record(nlh, protocol, fn, arg);
	case NLMSG_DONE:
		return dump_done(nlh);
	case NLMSG_ERROR:
		return kernel_error(nlh);
	case NLMSG_NOOP:
		return 1;
	default:
		return bad_message();
	}
}

static int parse_aligned(const char *p, size_t len, int protocol, inet_sock_fn fn, void *arg)
{
	while (len > 0) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		if (!mnl_nlmsg_ok(nlh, len > INT_MAX ? INT_MAX : (int)len))
			return bad_message();
		int ret = parse_message(nlh, protocol, fn, arg);
		if (ret <= 0)
			return ret;
		size_t step = NLMSG_ALIGN((size_t)nlh->nlmsg_len);
		/* The last message may come without its padding. */
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return 1;
}

int inet_diag_parse(const void *buf, size_t len, int protocol, inet_sock_fn fn, void *arg)
{
	if ((uintptr_t)buf % alignof(struct nlmsghdr) == 0)
		return parse_aligned(buf, len, protocol, fn, arg);

	/* Headers are read in place, which needs alignment: work on a copy. */
	void *copy = xmalloc(len);
	memcpy(copy, buf, len);
	int ret = parse_aligned(copy, len, protocol, fn, arg);
	int saved = errno;
	free(copy);
	errno = saved;
	return ret;
}

/*
 * IPPROTO_RAW selects the kernel's raw_diag handler, which dumps the raw
 * sockets of every IP protocol: sdiag_raw_protocol only narrows a
 * single-socket lookup, never a dump, so it is left 0.
 */
static int send_request(struct mnl_socket *nl, int family, int protocol)
{
	alignas(struct nlmsghdr) char buf[MNL_NLMSG_HDRLEN +
					  MNL_ALIGN(sizeof(struct inet_diag_req_raw))];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct inet_diag_req_raw *req;

	/* The socket is ours alone and carries this one request: no sequence number needed. */
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = (uint8_t)family;
	req->sdiag_protocol = (uint8_t)protocol;
	req->idiag_states = ~0U;
	return mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0 ? -1 : 0;
}

static int receive_all(struct mnl_socket *nl, int protocol, inet_sock_fn fn, void *arg)
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
			ret = bad_message(); /* the kernel never sends an empty reply */
		else
			ret = inet_diag_parse(buf, (size_t)n, protocol, fn, arg);
	}
	free(buf);
	return ret;
}

int inet_diag_dump(int family, int protocol, inet_sock_fn fn, void *arg)
{
	if ((family != AF_INET && family != AF_INET6) ||
	    (protocol != IPPROTO_TCP && protocol != IPPROTO_UDP && protocol != IPPROTO_RAW)) {
		errno = EINVAL;
		return -1;
	}

	struct mnl_socket *nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	int ret = -1;

	if (!nl)
		return -1;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0 &&
	    send_request(nl, family, protocol) == 0)
		ret = receive_all(nl, protocol, fn, arg);

	int saved = errno;
	mnl_socket_close(nl);
	errno = saved;
	return ret;
}
