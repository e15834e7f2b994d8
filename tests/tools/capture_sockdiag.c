/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Record one sock_diag dump for the parser fixtures in tests/fixtures/netlink.
 *
 *   capture_sockdiag unix|tcp4|tcp6|udp4|udp6|raw4|raw6 OUT.bin
 *
 * Sends the same request as collectors/unix_diag.c or inet_diag.c and
 * writes every reply buffer exactly as recv() returned it, one after the
 * other: netlink messages carry their own length, so the file is simply
 * the whole dump, ending with NLMSG_DONE (or the kernel's NLMSG_ERROR).
 * Run it inside a private network namespace holding known sockets; see
 * the .txt next to each fixture.  Deliberately standalone: no libmnl and
 * nothing from ipcscope, so a parser bug cannot leak into its recordings.
 */
#include <errno.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <linux/unix_diag.h>
#include <netinet/in.h>

struct target {
	const char *name;
	int family, protocol;
};

static const struct target targets[] = {
	{ "unix", AF_UNIX, 0 },
	{ "tcp4", AF_INET, IPPROTO_TCP },  { "tcp6", AF_INET6, IPPROTO_TCP },
	{ "udp4", AF_INET, IPPROTO_UDP },  { "udp6", AF_INET6, IPPROTO_UDP },
	{ "raw4", AF_INET, IPPROTO_RAW },  { "raw6", AF_INET6, IPPROTO_RAW },
};

struct request {
	struct nlmsghdr nlh;
	union {
		struct unix_diag_req unix_req;
		struct inet_diag_req_v2 inet_req;
	};
};

static size_t build_request(struct request *r, const struct target *t)
{
	size_t payload;

	memset(r, 0, sizeof(*r));
	if (t->family == AF_UNIX) {
		r->unix_req.sdiag_family = AF_UNIX;
		r->unix_req.udiag_states = ~0U;
		r->unix_req.udiag_show = UDIAG_SHOW_NAME | UDIAG_SHOW_VFS | UDIAG_SHOW_PEER |
					 UDIAG_SHOW_ICONS | UDIAG_SHOW_RQLEN | UDIAG_SHOW_UID;
		payload = sizeof(r->unix_req);
	} else {
		r->inet_req.sdiag_family = (__u8)t->family;
		r->inet_req.sdiag_protocol = (__u8)t->protocol;
		r->inet_req.idiag_states = ~0U;
		payload = sizeof(r->inet_req);
	}
	r->nlh.nlmsg_len = NLMSG_LENGTH(payload);
	r->nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	r->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	return r->nlh.nlmsg_len;
}

/* Whether this buffer ends the dump; malformed input also ends it, loudly. */
static bool ends_dump(const void *buf, size_t len)
{
	const struct nlmsghdr *nlh = buf;
	int left = (int)len;

	for (; NLMSG_OK(nlh, left); nlh = NLMSG_NEXT(nlh, left))
		if (nlh->nlmsg_type == NLMSG_DONE || nlh->nlmsg_type == NLMSG_ERROR)
			return true;
	if (left != 0) {
		fprintf(stderr, "capture_sockdiag: %d bytes left over after the last message\n", left);
		return true;
	}
	return false;
}

static int capture(int fd, const struct target *t, FILE *out)
{
	struct request req;
	size_t reqlen = build_request(&req, t);
	static alignas(struct nlmsghdr) char buf[32768];
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	unsigned buffers = 0;
	size_t total = 0;

	if (sendto(fd, &req, reqlen, 0, (struct sockaddr *)&kernel, sizeof(kernel)) < 0) {
		perror("capture_sockdiag: sendto");
		return -1;
	}
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "capture_sockdiag: recv: %s\n", n ? strerror(errno) : "empty reply");
			return -1;
		}
		if (fwrite(buf, 1, (size_t)n, out) != (size_t)n) {
			perror("capture_sockdiag: write");
			return -1;
		}
		buffers++;
		total += (size_t)n;
		if (ends_dump(buf, (size_t)n))
			break;
	}
	fprintf(stderr, "capture_sockdiag: %s: %zu bytes in %u buffers\n", t->name, total, buffers);
	return 0;
}

static const struct target *target_named(const char *name)
{
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++)
		if (strcmp(targets[i].name, name) == 0)
			return &targets[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct target *t = argc == 3 ? target_named(argv[1]) : NULL;

	if (!t) {
		fputs("usage: capture_sockdiag unix|tcp4|tcp6|udp4|udp6|raw4|raw6 OUT.bin\n", stderr);
		return 2;
	}
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
	if (fd < 0) {
		perror("capture_sockdiag: socket");
		return 1;
	}
	FILE *out = fopen(argv[2], "wb");
	if (!out) {
		fprintf(stderr, "capture_sockdiag: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	int ret = capture(fd, t, out);
	if (fclose(out) != 0) {
		fprintf(stderr, "capture_sockdiag: %s: %s\n", argv[2], strerror(errno));
		ret = -1;
	}
	close(fd);
	return ret < 0 ? 1 : 0;
}
