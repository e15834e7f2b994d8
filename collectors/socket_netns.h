/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SOCKET_NETNS_H
#define IPCSCOPE_SOCKET_NETNS_H

/*
 * One socket kind's sockets in every network namespace the selection
 * wants, our own first: each namespace's sock_diag dumps run on a thread
 * that entered it, so the netlink socket is that namespace's; where a dump
 * is unavailable, or the namespace cannot be entered, the /proc/net files
 * of a process in it are read instead.  Why files were read is said once
 * for each cause, however many namespaces it concerns.  The namespaces are
 * read on threads beside each other; the callbacks below see only the
 * records of the namespace they are given.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct collect_ctx;

#define SOCKET_TABLES_MAX 2

/* A kind's records, of whatever type: `size` bytes each. */
struct socket_recs {
	void *v;
	size_t n, cap, size;
	int protocol;   /* the kind's, for its callbacks */
	uint64_t netns; /* of the namespace the records being added come from; 0 unknown */
};

/* Room for one more record at the end, zeroed. */
void *socket_recs_add(struct socket_recs *recs);

/* What a kind reads in each namespace: one table, or two (IPv4 and IPv6). */
struct socket_tables {
	const char *what; /* "unix", "tcp": for messages */
	const char *lost; /* what the /proc/net files lack next to sock_diag, or NULL */
	size_t n;
	const char *file[SOCKET_TABLES_MAX]; /* each table's file under /proc/net: "tcp", "tcp6" */
	/* A missing file, or a dump refused with EAFNOSUPPORT, is a kernel without that
	 * address family: nothing to list, not a failure. */
	bool family_optional;
	/*
	 * Table i of namespace netns (0: unknown) into recs, whose netns is
	 * set already.  dump runs on a thread inside the namespace: 0, or -1
	 * with errno set, having dropped whatever it added.  read is
	 * procnet_unix_read() or procnet_inet_read() on the open file.
	 */
	int (*dump)(struct socket_recs *recs, size_t i);
	int (*read)(struct socket_recs *recs, size_t i, FILE *f, size_t *garbled);
	/* Or NULL: one dump of every table at once, tried first, as dump does. */
	int (*dump_all)(struct socket_recs *recs);
	/* Where the records go.  Each namespace's are gathered apart and joined
	 * to these in the namespaces' order. */
	struct socket_recs *recs;
};

/* -1 when our own namespace's sockets could not be read (the kind failed); 0 otherwise. */
int socket_read_namespaces(struct collect_ctx *ctx, const struct socket_tables *t);

/* IPCSCOPE_SOCK_DIAG=off makes every socket kind read /proc/net instead of netlink. */
bool sock_diag_wanted(void);

#endif
