/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * AF_UNIX sockets from netlink sock_diag (linux/unix_diag.h): the request
 * and the records; sockdiag.c checks and walks the messages around them.
 * The parser also runs on recorded and deliberately damaged replies, so
 * every length the kernel sends is checked before anything behind it is
 * read.
 */
#include "sockdiag.h"
#include "sockets.h"

#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <libmnl/libmnl.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>

#define SUN_PATH_MAX sizeof(((struct sockaddr_un *)0)->sun_path)

/* A record being parsed, and the room its name is formatted into. */
struct record {
	struct unix_sock sock;
	char name[SUN_PATH_MAX + 1];
};

struct parse_ctx {
	unix_sock_fn fn;
	void *arg;
};

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

static int parse_attr(const struct nlattr *attr, void *data)
{
	struct record *rec = data;
	struct unix_sock *sock = &rec->sock;
	size_t len = mnl_attr_get_payload_len(attr);
	const void *payload = mnl_attr_get_payload(attr);

	switch (mnl_attr_get_type(attr)) {
	case UNIX_DIAG_NAME:
		if (len > SUN_PATH_MAX)
			return sockdiag_bad_message();
		if (len == 0)
			return 0;
		format_name(payload, len, rec->name);
		sock->name = rec->name;
		return 0;
	case UNIX_DIAG_VFS: {
		if (mnl_attr_validate2(attr, MNL_TYPE_UNSPEC, sizeof(struct unix_diag_vfs)) < 0)
			return sockdiag_bad_message();
		const struct unix_diag_vfs *vfs = payload;
		sock->has_vfs = true;
		sock->vfs_ino = vfs->udiag_vfs_ino;
		sock->vfs_dev = vfs->udiag_vfs_dev;
		return 0;
	}
	case UNIX_DIAG_PEER:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return sockdiag_bad_message();
		sock->has_peer = true;
		sock->peer = mnl_attr_get_u32(attr);
		return 0;
	case UNIX_DIAG_ICONS:
		if (len % sizeof(uint32_t) != 0)
			return sockdiag_bad_message();
		sock->nicons = len / sizeof(uint32_t);
		sock->icons = sock->nicons ? payload : NULL;
		return 0;
	case UNIX_DIAG_RQLEN: {
		if (mnl_attr_validate2(attr, MNL_TYPE_UNSPEC, sizeof(struct unix_diag_rqlen)) < 0)
			return sockdiag_bad_message();
		const struct unix_diag_rqlen *rql = payload;
		sock->has_queues = true;
		sock->rqueue = rql->udiag_rqueue;
		sock->wqueue = rql->udiag_wqueue;
		return 0;
	}
	case UNIX_DIAG_UID:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
			return sockdiag_bad_message();
		sock->has_uid = true;
		sock->uid = mnl_attr_get_u32(attr);
		return 0;
	default:
		/* Memory info, shutdown state and whatever newer kernels add. */
		return 0;
	}
}

static int parse_record(const struct nlmsghdr *nlh, void *data)
{
	const struct parse_ctx *ctx = data;
	const struct unix_diag_msg *msg = mnl_nlmsg_get_payload(nlh);

	if (mnl_nlmsg_get_payload_len(nlh) < MNL_ALIGN(sizeof(*msg)) ||
	    msg->udiag_family != AF_UNIX)
		return sockdiag_bad_message();

	struct record rec = {
		.sock = {
			.inode = msg->udiag_ino,
			.type = msg->udiag_type,
			.state = msg->udiag_state,
		},
	};
	if (sockdiag_walk_attrs(nlh, MNL_ALIGN(sizeof(*msg)), parse_attr, &rec) < 0)
		return -1;
	ctx->fn(&rec.sock, ctx->arg);
	return 1;
}

int unix_diag_parse(const void *buf, size_t len, unix_sock_fn fn, void *arg)
{
	struct parse_ctx ctx = { .fn = fn, .arg = arg };

	return sockdiag_parse(buf, len, parse_record, &ctx);
}

int unix_diag_dump(unix_sock_fn fn, void *arg)
{
	const struct unix_diag_req req = {
		.sdiag_family = AF_UNIX,
		.udiag_states = ~0U,
		.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER |
			      UDIAG_SHOW_ICONS | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID,
	};
	struct parse_ctx ctx = { .fn = fn, .arg = arg };

	return sockdiag_dump(SOCK_DIAG_BY_FAMILY, &req, sizeof(req), parse_record, &ctx);
}
