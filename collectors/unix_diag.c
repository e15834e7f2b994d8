/*
 * AF_UNIX sockets from netlink sock_diag (linux/unix_diag.h).  The parser
 * also runs on recorded and deliberately damaged replies, so every length
 * the kernel sends is checked before anything behind it is read.
 */
#include "sockets.h"
#include "util.h"

#include <errno.h>
#include <limits.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

/*
 * The kernel never puts more than 32 KiB into one dump reply; a smaller
 * buffer would only mean more system calls.
 */
#define DUMP_BUFSIZE 32768

#define SUN_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)

static int bad_message(void)
{
	errno = EBADMSG;
	return -1;
}

/* A path ends at its first NUL; an abstract name starts with one and may hold more. */
static void format_name(const char *path, size_t len, char *out)
{
	if (path[0] != '\0') {
		size_t n = strnlen(path, len);
		memcpy(out, path, n);
		out[n] = '\0';
		return;
	}
	out[0] = '@';
	for (size_t i = 1; i < len; i++)
		out[i] = path[i] ? path[i] : '@';
	out[len] = '\0';
}

/* name must have room for SUN_PATH_MAX + 1 bytes. */
static int parse_attr(const struct nlattr *attr, struct unix_sock *sock, char *name)
{
	size_t len = mnl_attr_get_payload_len(attr);
	const void *payload = mnl_attr_get_payload(attr);

	switch (mnl_attr_get_type(attr)) {
	case UNIX_DIAG_NAME:
		if (len > SUN_PATH_MAX)
			return bad_message();
		if (len == 0)
			return 0;
		format_name(payload, len, name);
		sock->name = name;
		return 0;
	case UNIX_DIAG_VFS: {
		if (mnl_attr_validate2(attr, MNL_TYPE_UNSPEC, sizeof(struct unix_diag_vfs)) < 0)
			return bad_message();
		const struct unix_diag_vfs *vfs = payload;
		sock->has_vfs = true;
		sock->vfs_ino = vfs->udiag_vfs_ino;
		sock->vfs_dev = vfs->udiag_vfs_dev;
		return 0;
	}
	case UNIX_DIAG_PEER:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return bad_message();
		sock->has_peer = true;
		sock->peer = mnl_attr_get_u32(attr);
		return 0;
	case UNIX_DIAG_ICONS:
		if (len % sizeof(uint32_t) != 0)
			return bad_message();
		sock->nicons = len / sizeof(uint32_t);
		sock->icons = sock->nicons ? payload : NULL;
		return 0;
	case UNIX_DIAG_RQLEN: {
		if (mnl_attr_validate2(attr, MNL_TYPE_UNSPEC, sizeof(struct unix_diag_rqlen)) < 0)
			return bad_message();
		const struct unix_diag_rqlen *rql = payload;
		sock->has_queues = true;
		sock->rqueue = rql->udiag_rqueue;
		sock->wqueue = rql->udiag_wqueue;
		return 0;
	}
	case UNIX_DIAG_UID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return bad_message();
		sock->has_uid = true;
		sock->uid = mnl_attr_get_u32(attr);
		return 0;
	default:
		/* Memory info, shutdown state and whatever newer kernels add. */
		return 0;
	}
}

/*
 * mnl_attr_parse() stops quietly at an attribute that does not fit; here
 * that is a damaged message, so walk the attributes by hand.
 */
static int parse_attrs(const struct nlmsghdr *nlh, struct unix_sock *sock, char *name)
{
	size_t hdrlen = MNL_ALIGN(sizeof(struct unix_diag_msg));
	const struct nlattr *attr = mnl_nlmsg_get_payload_offset(nlh, hdrlen);
	size_t left = mnl_nlmsg_get_payload_len(nlh) - hdrlen;

	while (left > 0) {
		if (!mnl_attr_ok(attr, (int)left))
			return bad_message();
		if (parse_attr(attr, sock, name) < 0)
			return -1;
		size_t step = MNL_ALIGN(attr->nla_len);
		/* The last attribute may come without its padding. */
		if (step >= left)
			break;
		left -= step;
		attr = mnl_attr_next(attr);
	}
	return 0;
}

static int parse_record(const struct nlmsghdr *nlh, unix_sock_fn fn, void *arg)
{
	const struct unix_diag_msg *msg = mnl_nlmsg_get_payload(nlh);
	char name[SUN_PATH_MAX + 1];

	if (mnl_nlmsg_get_payload_len(nlh) < MNL_ALIGN(sizeof(*msg)) ||
	    msg->udiag_family != AF_UNIX)
		return bad_message();

	struct unix_sock sock = {
		.inode = msg->udiag_ino,
		.type = msg->udiag_type,
		.state = msg->udiag_state,
	};
	if (parse_attrs(nlh, &sock, name) < 0)
		return -1;
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
static int parse_message(const struct nlmsghdr *nlh, unix_sock_fn fn, void *arg)
{
	switch (nlh->nlmsg_type) {
	case SOCK_DIAG_BY_FAMILY:
		return parse_record(nlh, fn, arg);
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

static int parse_aligned(const char *p, size_t len, unix_sock_fn fn, void *arg)
{
	while (len > 0) {
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)p;
		if (!mnl_nlmsg_ok(nlh, len > INT_MAX ? INT_MAX : (int)len))
			return bad_message();
		int ret = parse_message(nlh, fn, arg);
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

int unix_diag_parse(const void *buf, size_t len, unix_sock_fn fn, void *arg)
{
	if ((uintptr_t)buf % alignof(struct nlmsghdr) == 0)
		return parse_aligned(buf, len, fn, arg);

	/* Headers are read in place, which needs alignment: work on a copy. */
	void *copy = xmalloc(len);
	memcpy(copy, buf, len);
	int ret = parse_aligned(copy, len, fn, arg);
	int saved = errno;
	free(copy);
	errno = saved;
	return ret;
}

static int send_request(struct mnl_socket *nl)
{
	alignas(struct nlmsghdr) char buf[MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(struct unix_diag_req))];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct unix_diag_req *req;

	/* The socket is ours alone and carries this one request: no sequence number needed. */
	nlh->nlmsg_type = SOCK_DIAG_BY_FAMILY;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req = mnl_nlmsg_put_extra_header(nlh, sizeof(*req));
	req->sdiag_family = AF_UNIX;
	req->udiag_states = ~0U;
	req->udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER | UDIAG_SHOW_ICONS |
			  UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID;
	return mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0 ? -1 : 0;
}

static int receive_all(struct mnl_socket *nl, unix_sock_fn fn, void *arg)
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
			ret = unix_diag_parse(buf, (size_t)n, fn, arg);
	}
	free(buf);
	return ret;
}

int unix_diag_dump(unix_sock_fn fn, void *arg)
{
	struct mnl_socket *nl = mnl_socket_open2(NETLINK_SOCK_DIAG, SOCK_CLOEXEC);
	int ret = -1;

	if (!nl)
		return -1;
	if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) == 0 && send_request(nl) == 0)
		ret = receive_all(nl, fn, arg);

	int saved = errno;
	mnl_socket_close(nl);
	errno = saved;
	return ret;
}
