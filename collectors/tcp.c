/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TCP sockets, IPv4 and IPv6; a loopback connection shows the process at each end. */
#include "inet.h"
#include "kinds.h"
#include "procindex.h"
#include "socket_common.h"
#include "util.h"

#include <netinet/in.h>

static int collect_tcp(struct collect_ctx *ctx, const struct kind *self)
{
	return collect_inet(ctx, self, IPPROTO_TCP, "tcp");
}

static const struct attr_def *const tcp_attrs[] = {
	&attr_family,	   &attr_sock_state,  &attr_local_addr, &attr_local_port,
	&attr_remote_addr, &attr_remote_port, &attr_rqueue,	&attr_wqueue,
	&attr_pending,	   &attr_backlog,     &attr_peer,
	&attr_netns,
};

const struct kind kind_tcp = {
	.name = "tcp",
	.help = "TCP sockets (IPv4 and IPv6)",
	.fd_classes = FD_CLASS_BIT(FD_SOCKET),
	.collect = collect_tcp,
	.attrs = tcp_attrs,
	.nattrs = ARRAY_SIZE(tcp_attrs),
	.default_columns = "KIND,ID,USER,SUMMARY,PEER,HOLDERS",
	.summary = inet_summary,
};
