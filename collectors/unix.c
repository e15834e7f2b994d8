/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unix domain sockets: every one in every network namespace, with the process at the other end. */
#include "collect.h"
#include "ipc_object.h"
#include "kinds.h"
#include "procindex.h"
#include "selection.h"
#include "stale.h"
#include "socket_common.h"
#include "socket_netns.h"
#include "sockets.h"
#include "util.h"

#include <errno.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/stat.h>

static const struct attr_def attr_type = {
	.json = "type", .column = "TYPE", .type = ATTR_STR, .width_hint = 6,
	.help = "unix socket type: stream, dgram, seqpacket",
};

/* Records are kept until the dump is complete: a dump that fails halfway
 * is thrown away whole, and /proc/net/unix read instead. */
struct unix_rec {
	struct unix_sock sock;
	char *name;
	uint64_t netns; /* the namespace whose dump listed it; 0 unknown */
};

static struct unix_rec *rec_at(const struct socket_recs *recs, size_t i)
{
	return (struct unix_rec *)recs->v + i;
}

static void keep(const struct unix_sock *sock, void *arg)
{
	struct socket_recs *recs = arg;
	struct unix_rec *r = socket_recs_add(recs);

	r->sock = *sock;
	r->sock.name = NULL;
	r->sock.icons = NULL; /* not kept: pending connections are counted in rqueue */
	r->sock.nicons = 0;
	r->name = sock->name ? xstrdup(sock->name) : NULL;
	r->netns = recs->netns;
}

/* The records from the n-th on. */
static void drop_from(struct socket_recs *recs, size_t n)
{
	for (size_t i = n; i < recs->n; i++)
		free(rec_at(recs, i)->name);
	recs->n = n;
}

static int dump_unix(struct socket_recs *recs, size_t table)
{
	size_t before = recs->n;

	(void)table;
	if (unix_diag_dump(keep, recs) == 0)
		return 0;
	int err = errno;
	drop_from(recs, before);
	errno = err;
	return -1;
}

static int read_unix(struct socket_recs *recs, size_t table, FILE *f, size_t *garbled)
{
	(void)table;
	return procnet_unix_read(f, keep, recs, garbled);
}

static int by_inode(const void *a, const void *b)
{
	const struct unix_rec *x = a, *y = b;

	return x->sock.inode < y->sock.inode ? -1 : x->sock.inode > y->sock.inode;
}

static const char *type_name(uint8_t type)
{
	switch (type) {
	case SOCK_STREAM:
		return "stream";
	case SOCK_DGRAM:
		return "dgram";
	case SOCK_SEQPACKET:
		return "seqpacket";
	default:
		return NULL;
	}
}

/* unix_diag reuses the TCP state numbers for unix sockets. */
static const char *state_name(uint8_t state)
{
	switch (state) {
	case TCP_LISTEN:
		return "listen";
	case TCP_ESTABLISHED:
		return "connected";
	case TCP_CLOSE:
		return "unconnected";
	case TCP_SYN_SENT:
		return "connecting";
	default:
		return NULL;
	}
}

static struct ipc_object *object_of(const struct unix_rec *r, const struct kind *self,
				    const struct procindex *idx)
{
	const struct unix_sock *s = &r->sock;
	struct ipc_object *obj = ipc_object_new(self);

	obj->id = xasprintf("%llu", (unsigned long long)s->inode);
	obj->name = r->name ? xstrdup(r->name) : NULL;
	obj->has_inode = true;
	obj->inode = s->inode;
	obj->has_uid = s->has_uid;
	obj->uid = s->uid;
	ipc_object_set_str(obj, &attr_type, type_name(s->type));
	ipc_object_set_str(obj, &attr_sock_state, state_name(s->state));
	if (s->has_queues)
		socket_set_queues(obj, s->state == TCP_LISTEN, s->rqueue, s->wqueue, true);
	/* A client not yet accepted has a peer with no inode yet: unknown, not "0". */
	if (s->has_peer && s->peer)
		socket_set_peer(obj, idx, s->peer);
	socket_add_holders(obj, idx, s->inode);
	socket_set_netns(obj, r->netns);
	return obj;
}

struct unbound_files {
	struct collect_ctx *ctx;
	const struct kind *self;
};

/* A socket file is stale when no socket, in any namespace, is bound to it. */
static void found_socket_file(const struct found_file *f, void *arg)
{
	struct unbound_files *u = arg;

	if (stale_socket_unbound_at(f->dfd, f->name, f->st))
		collect_add(u->ctx, stale_file_object(u->self, f, "no socket is bound to it"));
}

static int collect_unix(struct collect_ctx *ctx, const struct kind *self)
{
	struct socket_recs recs = { .size = sizeof(struct unix_rec) };
	const struct socket_tables tables = {
		.what = "unix",
		.lost = "no peers, queues or owners",
		.n = 1,
		.file = { "unix" },
		.dump = dump_unix,
		.read = read_unix,
		.recs = &recs,
	};
	int rc = socket_read_namespaces(ctx, &tables);

	/* Each namespace's dump lists its own sockets, so no inode should come twice;
	 * were one to, it is still one socket. */
	if (recs.n > 1)
		qsort(recs.v, recs.n, recs.size, by_inode);
	for (size_t i = 0; i < recs.n; i++)
		if (i == 0 || rec_at(&recs, i)->sock.inode != rec_at(&recs, i - 1)->sock.inode)
			collect_add(ctx, object_of(rec_at(&recs, i), self, ctx->idx));
	if (ctx->sel->stale) {
		struct unbound_files u = { ctx, self };
		stale_scan_paths(ctx, S_IFSOCK, found_socket_file, &u);
	}
	drop_from(&recs, 0);
	free(recs.v);
	return rc;
}

/* "/run/x.sock stream listen", or "stream connected" for an unnamed one. */
static char *unix_summary(const struct ipc_object *obj)
{
	const struct attr_value *type = ipc_object_attr(obj, &attr_type);
	const struct attr_value *state = ipc_object_attr(obj, &attr_sock_state);

	return xasprintf("%s%s%s %s", obj->name ? obj->name : "", obj->name ? " " : "",
			 type->known ? type->s : "?", state->known ? state->s : "?");
}

/* A socket file nothing is bound to, unless something was bound to it since it was found. */
static int socket_still_unbound(int pathfd, void *arg, char **why)
{
	(void)arg;
	if (stale_socket_unbound_fd(pathfd))
		return 0;
	*why = xstrdup("a socket is bound to it again");
	return STALE_SKIPPED;
}

static int remove_socket_file(const struct snapshot *fresh, const struct ipc_object *obj,
			      char **why)
{
	return path_remove(fresh, obj, S_IFSOCK, socket_still_unbound, why);
}

static const struct attr_def *const unix_attrs[] = {
	&attr_type, &attr_sock_state, &attr_rqueue, &attr_wqueue,
	&attr_pending, &attr_backlog, &attr_peer, &attr_netns,
};

const struct kind kind_unix = {
	.name = "unix",
	.help = "unix domain sockets",
	.fd_classes = FD_CLASS_BIT(FD_SOCKET),
	.collect = collect_unix,
	.attrs = unix_attrs,
	.nattrs = ARRAY_SIZE(unix_attrs),
	.default_columns = "KIND,ID,USER,SUMMARY,PEER,HOLDERS",
	.summary = unix_summary,
	.remove = remove_socket_file,
};
