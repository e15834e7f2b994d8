/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "inet.h"
#include "collect.h"
#include "kinds.h"
#include "procindex.h"
#include "socket_common.h"
#include "socket_netns.h"
#include "sockets.h"
#include "util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

const struct attr_def attr_family = {
	.json = "family", .column = "FAMILY", .type = ATTR_STR, .width_hint = 5,
	.help = "address family: inet or inet6",
};
const struct attr_def attr_local_addr = {
	.json = "local_addr", .column = "LOCAL-ADDR", .type = ATTR_STR, .width_hint = 15,
	.help = "local address",
};
const struct attr_def attr_local_port = {
	.json = "local_port", .column = "LOCAL-PORT", .type = ATTR_UINT, .width_hint = 5,
	.col_flags = COL_RIGHT, .help = "local port (for raw sockets the IP protocol number)",
	.port = true,
};
const struct attr_def attr_remote_addr = {
	.json = "remote_addr", .column = "REMOTE-ADDR", .type = ATTR_STR, .width_hint = 15,
	.help = "remote address, when connected",
};
const struct attr_def attr_remote_port = {
	.json = "remote_port", .column = "REMOTE-PORT", .type = ATTR_UINT, .width_hint = 5,
	.col_flags = COL_RIGHT, .help = "remote port, when connected",
	.port = true,
};

/* A request socket's state; the kernel's, missing from <netinet/tcp.h>. */
#define KERNEL_TCP_NEW_SYN_RECV 12

/* The kernel's names (include/net/tcp_states.h), lowercased. */
static const char *state_name(uint8_t state)
{
	static const char *const names[] = {
		[1] = "established", [2] = "syn_sent",   [3] = "syn_recv",	[4] = "fin_wait1",
		[5] = "fin_wait2",   [6] = "time_wait",  [7] = "close",		[8] = "close_wait",
		[9] = "last_ack",    [10] = "listen",    [11] = "closing",	[12] = "new_syn_recv",
		[13] = "bound_inactive",
	};
	return state < ARRAY_SIZE(names) ? names[state] : NULL;
}

static struct inet_sock *rec_at(const struct socket_recs *recs, size_t i)
{
	return (struct inet_sock *)recs->v + i;
}

static void keep(const struct inet_sock *sock, void *arg)
{
	struct socket_recs *recs = arg;
	struct inet_sock *r = socket_recs_add(recs);

	*r = *sock;
	r->netns = recs->netns;
}

/* ---- peers: the socket whose local end is our remote end, and back --------- */

/*
 * IPv4 as ::ffff:a.b.c.d, so a v6 socket talking to a v4 one still pairs
 * up.  The namespace is part of the key: 127.0.0.1:7000 in two namespaces
 * are two sockets, each connected within its own.  Compared and hashed as
 * bytes, so always made whole by memset first.
 */
struct endpoints {
	uint64_t netns;
	uint8_t local[16], remote[16];
	uint16_t lport, rport;
};

static void as_v6(const struct inet_sock *s, const uint8_t addr[16], uint8_t out[16])
{
	if (s->family == AF_INET) {
		memset(out, 0, 10);
		out[10] = out[11] = 0xff;
		memcpy(out + 12, addr, 4);
	} else {
		memcpy(out, addr, 16);
	}
}

static void endpoints_of(const struct inet_sock *s, struct endpoints *e)
{
	memset(e, 0, sizeof(*e));
	e->netns = s->netns;
	as_v6(s, s->local, e->local);
	as_v6(s, s->remote, e->remote);
	e->lport = s->local_port;
	e->rport = s->remote_port;
}

static bool has_remote(const struct inet_sock *s)
{
	static const uint8_t zero[16];
	return s->remote_port != 0 || memcmp(s->remote, zero, sizeof(zero)) != 0;
}

static uint64_t hash_endpoints(const struct endpoints *e)
{
	const uint8_t *p = (const uint8_t *)e;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < sizeof(*e); i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

struct peer_table {
	uint32_t *slots; /* record index + 1; 0 is empty */
	size_t mask;
};

static void peer_table_build(struct peer_table *t, const struct socket_recs *recs)
{
	size_t n = 64;

	while (n < recs->n * 2)
		n *= 2;
	t->slots = xcalloc(n, sizeof(*t->slots));
	t->mask = n - 1;
	for (size_t i = 0; i < recs->n; i++) {
		struct endpoints e;
		if (!has_remote(rec_at(recs, i)))
			continue;
		endpoints_of(rec_at(recs, i), &e);
		size_t s = hash_endpoints(&e) & t->mask;
		while (t->slots[s])
			s = (s + 1) & t->mask;
		t->slots[s] = (uint32_t)i + 1;
	}
}

static const struct inet_sock *peer_of(const struct peer_table *t, const struct socket_recs *recs,
				       const struct inet_sock *s)
{
	struct endpoints want, e;

	if (!has_remote(s))
		return NULL;
	endpoints_of(s, &e);
	memset(&want, 0, sizeof(want));
	want.netns = e.netns;
	want.lport = e.rport;
	want.rport = e.lport;
	memcpy(want.local, e.remote, 16);
	memcpy(want.remote, e.local, 16);
	for (size_t i = hash_endpoints(&want) & t->mask; t->slots[i]; i = (i + 1) & t->mask) {
		const struct inet_sock *c = rec_at(recs, t->slots[i] - 1);
		struct endpoints ce;
		endpoints_of(c, &ce);
		if (c != s && memcmp(&ce, &want, sizeof(want)) == 0)
			return c;
	}
	return NULL;
}

/* ---- reading ------------------------------------------------------------- */

static const int families[SOCKET_TABLES_MAX] = { AF_INET, AF_INET6 };

static int dump_into(struct socket_recs *recs, int family)
{
	size_t before = recs->n;

	if (inet_diag_dump(family, recs->protocol, keep, recs) < 0) {
		recs->n = before; /* a dump that failed halfway is dropped whole */
		return -1;
	}
	for (size_t i = before; i < recs->n; i++)
		rec_at(recs, i)->has_backlog = true;
	return 0;
}

static int dump_family(struct socket_recs *recs, size_t table)
{
	return dump_into(recs, families[table]);
}

/* TCP: both families in one dump, which walks the kernel's tables once. */
static int dump_both(struct socket_recs *recs)
{
	return dump_into(recs, AF_UNSPEC);
}

static int read_family(struct socket_recs *recs, size_t table, FILE *f, size_t *garbled)
{
	return procnet_inet_read(f, families[table], recs->protocol, keep, recs, garbled);
}

/* ---- objects ------------------------------------------------------------- */

static void addr_text(const struct inet_sock *s, const uint8_t addr[16], char *buf, size_t size)
{
	if (!inet_ntop(s->family, addr, buf, (socklen_t)size))
		snprintf(buf, size, "?");
}

/*
 * time_wait and request sockets have no inode to name them by.  Their
 * 4-tuple is unique within a namespace, but some 40 characters wide: the
 * id is 48 bits of its FNV-1a hash instead, as stable from one snapshot to
 * the next as the tuple (watch pairs them by it), and the tuple stays in
 * the attributes and SUMMARY.
 */
static uint64_t tuple_hash(const struct inet_sock *s)
{
	const uint16_t ports[2] = { s->local_port, s->remote_port };
	const uint8_t *parts[] = { &s->family, &s->protocol, s->local, s->remote,
				   (const uint8_t *)ports };
	const size_t sizes[] = { 1, 1, sizeof(s->local), sizeof(s->remote), sizeof(ports) };
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t p = 0; p < ARRAY_SIZE(parts); p++)
		for (size_t i = 0; i < sizes[p]; i++) {
			h ^= parts[p][i];
			h *= 0x100000001b3ULL;
		}
	return h & 0xffffffffffffULL;
}

static struct ipc_object *object_of(const struct inet_sock *s, const struct kind *self,
				    const struct procindex *idx, const struct inet_sock *peer)
{
	struct ipc_object *obj = ipc_object_new(self);
	char local[INET6_ADDRSTRLEN], remote[INET6_ADDRSTRLEN];

	addr_text(s, s->local, local, sizeof(local));
	addr_text(s, s->remote, remote, sizeof(remote));
	if (s->inode) {
		obj->id = xasprintf("%llu", (unsigned long long)s->inode);
		obj->has_inode = true;
		obj->inode = s->inode;
	} else {
		char ns[24] = "";
		if (s->netns && s->netns != idx->own_ns[NS_NET])
			snprintf(ns, sizeof(ns), "@%llu", (unsigned long long)s->netns);
		/* "rq": a request not yet accepted; "tw": a closed connection waiting out
		 * time_wait or fin_wait2. */
		bool request = s->state == TCP_SYN_RECV || s->state == KERNEL_TCP_NEW_SYN_RECV;
		obj->id = xasprintf("%s:%012llx%s", request ? "rq" : "tw",
				    (unsigned long long)tuple_hash(s), ns);
	}
	/* time_wait and request sockets carry no owner: the kernel reports 0 for them.
	 * A request socket is syn_recv without an inode (new_syn_recv inside the kernel). */
	bool ownerless = s->state == TCP_TIME_WAIT || s->state == KERNEL_TCP_NEW_SYN_RECV ||
			 (s->state == TCP_SYN_RECV && !s->inode);
	obj->has_uid = s->has_uid && !ownerless;
	obj->uid = s->uid;
	ipc_object_set_str(obj, &attr_family, s->family == AF_INET ? "inet" : "inet6");
	ipc_object_set_str(obj, &attr_sock_state, state_name(s->state));
	ipc_object_set_str(obj, &attr_local_addr, local);
	ipc_object_set_uint(obj, &attr_local_port, s->local_port);
	if (has_remote(s)) {
		ipc_object_set_str(obj, &attr_remote_addr, remote);
		ipc_object_set_uint(obj, &attr_remote_port, s->remote_port);
	}
	socket_set_queues(obj, s->protocol == IPPROTO_TCP && s->state == TCP_LISTEN, s->rqueue,
			  s->wqueue, s->has_backlog);
	if (peer && peer->inode)
		socket_set_peer(obj, idx, peer->inode);
	if (s->inode)
		socket_add_holders(obj, idx, s->inode);
	socket_set_netns(obj, s->netns);
	return obj;
}

int collect_inet(struct collect_ctx *ctx, const struct kind *self, int protocol,
		 const char *procname)
{
	struct socket_recs recs = { .size = sizeof(struct inet_sock), .protocol = protocol };
	char file6[16];
	snprintf(file6, sizeof(file6), "%s6", procname);
	const struct socket_tables tables = {
		.what = procname,
		.n = 2,
		.file = { procname, file6 },
		.family_optional = true,
		.dump = dump_family,
		.read = read_family,
		.dump_all = protocol == IPPROTO_TCP ? dump_both : NULL,
		.recs = &recs,
	};
	struct peer_table peers;
	int rc = socket_read_namespaces(ctx, &tables);

	peer_table_build(&peers, &recs);
	for (size_t i = 0; i < recs.n; i++)
		collect_add(ctx, object_of(rec_at(&recs, i), self, ctx->idx,
					   peer_of(&peers, &recs, rec_at(&recs, i))));
	free(peers.slots);
	free(recs.v);
	return rc;
}

static void endpoint_text(char *buf, size_t size, const char *family, const char *addr,
			  uint64_t port)
{
	bool v6 = strcmp(family, "inet6") == 0;
	snprintf(buf, size, "%s%s%s:%llu", v6 ? "[" : "", addr, v6 ? "]" : "",
		 (unsigned long long)port);
}

char *inet_summary(const struct ipc_object *obj)
{
	const struct attr_value *family = ipc_object_attr(obj, &attr_family);
	const struct attr_value *state = ipc_object_attr(obj, &attr_sock_state);
	const struct attr_value *laddr = ipc_object_attr(obj, &attr_local_addr);
	const struct attr_value *lport = ipc_object_attr(obj, &attr_local_port);
	const struct attr_value *raddr = ipc_object_attr(obj, &attr_remote_addr);
	const struct attr_value *rport = ipc_object_attr(obj, &attr_remote_port);
	char local[80], remote[80] = "";

	endpoint_text(local, sizeof(local), family->s, laddr->s, lport->u);
	if (raddr->known)
		endpoint_text(remote, sizeof(remote), family->s, raddr->s, rport->u);
	return xasprintf("%s%s%s %s", local, raddr->known ? " -> " : "", remote,
			 state->known ? state->s : "?");
}
