/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_INET_H
#define IPCSCOPE_INET_H

#include "ipc_object.h"

struct collect_ctx;
struct kind;

extern const struct attr_def attr_family;
extern const struct attr_def attr_local_addr;
extern const struct attr_def attr_local_port;
extern const struct attr_def attr_remote_addr;
extern const struct attr_def attr_remote_port;

/*
 * Every IPv4 and IPv6 socket of one protocol in every network namespace,
 * each with its holders and, when both ends are in one namespace on this
 * machine, its peer.  `procname` is the /proc/net file of the fallback
 * ("tcp": tcp and tcp6).  -1 when a family of our own namespace could be
 * read neither by netlink nor from /proc/net.
 */
int collect_inet(struct collect_ctx *ctx, const struct kind *self, int protocol,
		 const char *procname);
/* "127.0.0.1:5432 -> 127.0.0.1:51234 established", "[::]:22 listen". */
char *inet_summary(const struct ipc_object *obj);

#endif
