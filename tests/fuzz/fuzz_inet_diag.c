/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A sock_diag reply for TCP, as recv() returns it, through
 * inet_diag_parse(); the same bytes off the alignment the kernel gives
 * must parse the same.
 */
#include "fuzz_input.h"
#include "sockets.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static void record(const struct inet_sock *s, void *arg)
{
	size_t *n = arg;

	if ((s->family != AF_INET && s->family != AF_INET6) || s->protocol != IPPROTO_TCP)
		abort();
	(*n)++;
}

struct result {
	int rc, err;
	size_t n;
};

static struct result parse(const uint8_t *data, size_t size)
{
	struct result r = { 0 };

	errno = 0;
	r.rc = inet_diag_parse(data, size, IPPROTO_TCP, record, &r.n);
	r.err = errno;
	if (r.rc < -1 || r.rc > 1 || (r.rc < 0 && r.err == 0))
		abort();
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *shifted = malloc(size + 1);

	if (!shifted)
		abort();
	memcpy(shifted + 1, data, size);
	struct result aligned = parse(data, size), off = parse(shifted + 1, size);
	free(shifted);
	if (aligned.rc != off.rc || aligned.n != off.n || (aligned.rc < 0 && aligned.err != off.err))
		abort();
	return 0;
}
