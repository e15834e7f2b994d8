/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UDP sockets, IPv4 and IPv6; a connected pair on this machine shows both processes. */
#include "inet.h"
#include "kinds.h"
#include "procindex.h"
#include "socket_common.h"
#include "util.h"

#include <netinet/in.h>

static int collect_udp(struct collect_ctx *ctx, const struct kind *self)
{
	return collect_inet(ctx, self, IPPROTO_UDP, "udp");
}

static const struct attr_def *const udp_attrs[] = {
	&attr_family,	   &attr_sock_state,  &attr_local_addr, &attr_local_port,
	&attr_remote_addr, &attr_remote_port, &attr_rqueue,	&attr_wqueue, &attr_peer,
	&attr_netns,
};

const struct kind kind_udp = {
	.name = "udp",
	.help = "UDP sockets (IPv4 and IPv6)",
	.fd_classes = FD_CLASS_BIT(FD_SOCKET),
	.collect = collect_udp,
	.attrs = udp_attrs,
	.nattrs = ARRAY_SIZE(udp_attrs),
	.default_columns = "KIND,ID,USER,SUMMARY,PEER,HOLDERS",
	.summary = inet_summary,
};
