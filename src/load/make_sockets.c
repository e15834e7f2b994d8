/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unix, TCP and UDP sockets whose two ends live in two workers. */
#include "load.h"
#include "util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

static char *inode_of(int fd)
{
	struct stat st;
	return fstat(fd, &st) == 0 ? xasprintf("%llu", (unsigned long long)st.st_ino) : NULL;
}

/* One socket, one object, one holder. */
static void give_socket(struct load *L, const char *kind, int fd, unsigned worker, char *name)
{
	char *id = inode_of(fd);

	load_give_fd(L, fd, worker);
	load_object(L, kind, id, name, worker_bit(worker));
}

/*
 * A listener at addr with `clients` connected clients, clients in other
 * workers.  A path is recorded for removal as soon as it exists.
 */
static int listener_with_clients(struct load *L, const char *kind, const struct sockaddr_un *addr,
				 socklen_t len, char *name, unsigned clients)
{
	int lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (lfd < 0 || bind(lfd, (const struct sockaddr *)addr, len) < 0) {
		int err = errno;
		if (lfd >= 0)
			close(lfd);
		free(name);
		errno = err;
		return -1;
	}
	if (addr->sun_path[0])
		load_cleanup(L, CLEAN_PATH, addr->sun_path, 0);
	if (listen(lfd, 16) < 0)
		goto fail;
	for (unsigned c = 0; c < clients; c++) {
		int cfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), sfd = -1;
		if (cfd < 0 || connect(cfd, (const struct sockaddr *)addr, len) < 0 ||
		    (sfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
			int err = errno;
			if (cfd >= 0)
				close(cfd);
			errno = err;
			goto fail;
		}
		give_socket(L, kind, cfd, load_worker(L, c + 1), NULL);
		give_socket(L, kind, sfd, 0, NULL);
	}
	give_socket(L, kind, lfd, 0, name);
	return 0;
fail:;
	int err = errno;
	close(lfd);
	free(name);
	errno = err;
	return -1;
}

static int make_unix(struct load *L, const struct load_factory *self)
{
	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		int sv[2];
		if (socketpair(AF_UNIX, (i % 2 ? SOCK_DGRAM : SOCK_STREAM) | SOCK_CLOEXEC, 0, sv) < 0) {
			load_stop(L, self->kind, i, errno);
			return -1;
		}
		give_socket(L, self->kind, sv[0], load_worker(L, i), NULL);
		give_socket(L, self->kind, sv[1], load_worker(L, i + 1), NULL);
	}
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/listen.sock", L->dir);
	if (listener_with_clients(L, self->kind, &addr, sizeof(addr), xstrdup(addr.sun_path), 2) < 0) {
		load_stop(L, self->kind, L->count, errno);
		return -1;
	}
	/* An abstract name: a leading NUL, no file. */
	memset(addr.sun_path, 0, sizeof(addr.sun_path));
	int n = snprintf(addr.sun_path + 1, sizeof(addr.sun_path) - 1, "ipcscope-load-%d",
			 (int)getpid());
	if (listener_with_clients(L, self->kind, &addr,
				  (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + (size_t)n),
				  xasprintf("@%s", addr.sun_path + 1), 1) < 0) {
		load_stop(L, self->kind, L->count, errno);
		return -1;
	}
	return 0;
}

static int loopback_socket(int type, struct sockaddr_in *addr)
{
	socklen_t len = sizeof(*addr);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	*addr = (struct sockaddr_in){ .sin_family = AF_INET,
				      .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (fd < 0 || bind(fd, (struct sockaddr *)addr, sizeof(*addr)) < 0 ||
	    getsockname(fd, (struct sockaddr *)addr, &len) < 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void no_loopback(struct load *L, const char *kind)
{
	load_skip(L, kind, "cannot use 127.0.0.1 (%s); in a new network namespace: ip link set lo up",
		  strerror(errno));
}

static int make_tcp(struct load *L, const struct load_factory *self)
{
	struct sockaddr_in addr;
	int lfd = loopback_socket(SOCK_STREAM, &addr);

	if (lfd < 0 || listen(lfd, (int)L->count + 1) < 0) {
		no_loopback(L, self->kind);
		if (lfd >= 0)
			close(lfd);
		return 0;
	}
	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		int cfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), sfd = -1;
		if (cfd < 0 || connect(cfd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
		    (sfd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0) {
			int err = errno;
			if (cfd >= 0)
				close(cfd);
			close(lfd);
			if (i == 0 && (err == ENETUNREACH || err == EADDRNOTAVAIL)) {
				errno = err;
				no_loopback(L, self->kind);
				return 0;
			}
			load_stop(L, self->kind, i, err);
			return -1;
		}
		give_socket(L, self->kind, cfd, load_worker(L, i + 1), NULL);
		give_socket(L, self->kind, sfd, load_worker(L, i), NULL);
	}
	give_socket(L, self->kind, lfd, 0, NULL);
	return 0;
}

static int make_udp(struct load *L, const struct load_factory *self)
{
	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		struct sockaddr_in a, b;
		int x = loopback_socket(SOCK_DGRAM, &a), y = x < 0 ? -1 : loopback_socket(SOCK_DGRAM, &b);
		if (x < 0 || y < 0 || connect(x, (struct sockaddr *)&b, sizeof(b)) < 0 ||
		    connect(y, (struct sockaddr *)&a, sizeof(a)) < 0) {
			if (x >= 0)
				close(x);
			if (y >= 0)
				close(y);
			if (i == 0) {
				no_loopback(L, self->kind);
				return 0;
			}
			load_stop(L, self->kind, i, errno);
			return -1;
		}
		give_socket(L, self->kind, x, load_worker(L, i), NULL);
		give_socket(L, self->kind, y, load_worker(L, i + 1), NULL);
	}
	return 0;
}

const struct load_factory load_unix = {
	.kind = "unix",
	.help = "unix stream and dgram pairs, a listener with clients, an abstract listener",
	.make = make_unix,
};
const struct load_factory load_tcp = {
	.kind = "tcp", .help = "a loopback listener and established connections",
	.make = make_tcp,
};
const struct load_factory load_udp = {
	.kind = "udp", .help = "pairs of connected loopback UDP sockets",
	.make = make_udp,
};
