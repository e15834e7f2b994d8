/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SOCKETS_H
#define IPCSCOPE_SOCKETS_H

/*
 * Sockets as the kernel describes them, whether read from netlink
 * sock_diag (unix_diag.c, inet_diag.c) or from the /proc/net text files
 * (procnet.c, the fallback).  Parsers hand each record to a callback;
 * pointers inside a record are valid only during that call.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct unix_sock {
	uint64_t inode;
	uint8_t type;  /* SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET */
	uint8_t state; /* as unix_diag: TCP_LISTEN, TCP_ESTABLISHED (connected), TCP_CLOSE (unconnected), TCP_SYN_SENT (connecting) */
	const char *name; /* bound path, "@name" for an abstract address (NUL bytes in it shown as '@'), or NULL */
	bool has_peer;
	uint64_t peer; /* inode of the other end */
	bool has_queues;
	uint32_t rqueue, wqueue; /* for a listener: pending connections and the backlog */
	bool has_uid;
	uid_t uid;
	bool has_vfs;
	uint64_t vfs_dev, vfs_ino; /* the inode of the bound path, kernel dev_t encoding */
	const uint32_t *icons; /* inodes of connections waiting to be accepted */
	size_t nicons;
};

struct inet_sock {
	uint8_t family;   /* AF_INET, AF_INET6 */
	uint8_t protocol; /* IPPROTO_TCP, IPPROTO_UDP, IPPROTO_RAW: the table it came from */
	uint8_t state;    /* the kernel's TCP_* numbering, as inet_diag and /proc/net give it */
	uint8_t local[16], remote[16]; /* network byte order; an IPv4 address fills the first 4 bytes */
	uint16_t local_port, remote_port; /* host byte order; for raw sockets the port is the IP protocol */
	uint32_t rqueue, wqueue;
	bool has_uid;
	uid_t uid;
	uint64_t inode; /* 0: none, as for time_wait and request sockets */
	/* Set by the collector, not the parsers: a listener's wqueue is its backlog
	 * in sock_diag, while /proc/net has 0 there; and the network namespace
	 * whose dump or file listed it (0 unknown). */
	bool has_backlog;
	uint64_t netns;
};

typedef void (*unix_sock_fn)(const struct unix_sock *sock, void *arg);
typedef void (*inet_sock_fn)(const struct inet_sock *sock, void *arg);

/*
 * sock_diag: one dump per call, every socket of the calling thread's
 * network namespace; inet_diag_dump(AF_UNSPEC, IPPROTO_TCP) gives the TCP
 * sockets of both families at once.  Returns 0, or -1 with errno set:
 * EPERM, EPROTONOSUPPORT or ENOENT when the kernel has no sock_diag
 * handler for it (the caller then falls back to /proc/net), EBADMSG for a
 * malformed or truncated reply.
 */
int unix_diag_dump(unix_sock_fn fn, void *arg);
int inet_diag_dump(int family, int protocol, inet_sock_fn fn, void *arg);

/*
 * Parse one buffer received from a dump, as recv() returned it.  Returns 1
 * when more is to come, 0 once NLMSG_DONE is seen, -1 with errno set on
 * NLMSG_ERROR (the kernel's errno) or on a malformed or truncated message
 * (EBADMSG).  Records before the bad message have been handed over.
 */
int unix_diag_parse(const void *buf, size_t len, unix_sock_fn fn, void *arg);
int inet_diag_parse(const void *buf, size_t len, int protocol, inet_sock_fn fn, void *arg);

/*
 * /proc/net/unix and /proc/net/{tcp,tcp6,udp,udp6,raw,raw6}.  A line that
 * does not parse is skipped and counted in *garbled; the rest are still
 * read.  Returns 0, or -1 with errno set when the header line is missing
 * or not the expected one.  /proc/net/unix has no peer, queue or uid:
 * those fields are left unknown.
 */
int procnet_unix_read(FILE *f, unix_sock_fn fn, void *arg, size_t *garbled);
int procnet_inet_read(FILE *f, int family, int protocol, inet_sock_fn fn, void *arg,
		      size_t *garbled);

#endif
