/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Raw IP sockets, IPv4 and IPv6, of every protocol (ping, routing daemons, packet tools). */
#include "inet.h"
#include "kinds.h"
#include "procindex.h"
#include "socket_common.h"
#include "util.h"

#include <netinet/in.h>

static int collect_raw(struct collect_ctx *ctx, const struct kind *self)
{
	return collect_inet(ctx, self, IPPROTO_RAW, "raw");
}

static const struct attr_def *const raw_attrs[] = {
	&attr_family,	   &attr_sock_state,  &attr_local_addr, &attr_local_port,
	&attr_remote_addr, &attr_remote_port, &attr_rqueue,	&attr_wqueue, &attr_peer,
	&attr_netns,
};

const struct kind kind_raw = {
	.name = "raw",
	.help = "raw IP sockets (IPv4 and IPv6)",
	.fd_classes = FD_CLASS_BIT(FD_SOCKET),
	.collect = collect_raw,
	.attrs = raw_attrs,
	.nattrs = ARRAY_SIZE(raw_attrs),
	.default_columns = "KIND,ID,USER,SUMMARY,PEER,HOLDERS",
	.summary = inet_summary,
};
