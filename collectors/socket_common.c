/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "socket_common.h"
#include "procindex.h"

const struct attr_def attr_sock_state = {
	.json = "state", .column = "STATE", .type = ATTR_STR, .width_hint = 8,
	.help = "socket state: listen, connected, established, time_wait, ...",
};
const struct attr_def attr_rqueue = {
	.json = "rqueue", .column = "RQUEUE", .type = ATTR_UINT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "receive queue as the kernel reports it (see the man page)",
};
const struct attr_def attr_wqueue = {
	.json = "wqueue", .column = "WQUEUE", .type = ATTR_UINT, .width_hint = 6,
	.col_flags = COL_RIGHT, .help = "send queue as the kernel reports it (see the man page)",
};
const struct attr_def attr_pending = {
	.json = "pending", .column = "PENDING", .type = ATTR_UINT, .width_hint = 4,
	.col_flags = COL_RIGHT, .help = "a listener's connections waiting for accept()",
};
const struct attr_def attr_backlog = {
	.json = "backlog", .column = "BACKLOG", .type = ATTR_UINT, .width_hint = 4,
	.col_flags = COL_RIGHT, .help = "a listener's maximum of pending connections",
};
const struct attr_def attr_peer = {
	.json = "peer", .column = "PEER", .type = ATTR_PEER, .width_hint = 16,
	.col_flags = COL_WRAP, .help = "who holds the other end, as in HOLDERS",
};
const struct attr_def attr_netns = {
	.json = "netns", .column = "NETNS", .type = ATTR_UINT, .width_hint = 10,
	.col_flags = COL_RIGHT, .help = "inode of the network namespace the socket is in",
};

void socket_add_holders(struct ipc_object *obj, const struct procindex *idx, uint64_t inode)
{
	ipc_object_add_group_holders(obj, idx, procindex_find(idx, FD_SOCKET, 0, inode));
}

void socket_set_peer(struct ipc_object *obj, const struct procindex *idx, uint64_t peer_inode)
{
	struct ipc_peer *peer = ipc_object_set_peer(obj, &attr_peer, peer_inode);
	const struct fd_group *g = procindex_find(idx, FD_SOCKET, 0, peer_inode);

	if (g)
		procindex_foreach_in_group(idx, g, e)
			ipc_peer_add_holder(peer, procindex_proc_of(idx, e), e->fd, e->access, VIA_FD);
}

void socket_set_queues(struct ipc_object *obj, bool listening, uint32_t rqueue, uint32_t wqueue,
		       bool backlog_known)
{
	if (listening) {
		ipc_object_set_uint(obj, &attr_pending, rqueue);
		if (backlog_known)
			ipc_object_set_uint(obj, &attr_backlog, wqueue);
	} else {
		ipc_object_set_uint(obj, &attr_rqueue, rqueue);
		ipc_object_set_uint(obj, &attr_wqueue, wqueue);
	}
}

void socket_set_netns(struct ipc_object *obj, uint64_t netns)
{
	if (netns)
		ipc_object_set_uint(obj, &attr_netns, netns);
}
