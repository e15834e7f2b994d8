/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/net/{tcp,udp,raw}{,6} text through procnet_inet_read(), read as
 * an IPv4 table and as an IPv6 one.
 */
#include "fuzz_input.h"
#include "sockets.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

struct seen {
	int family;
	size_t n;
};

static void record(const struct inet_sock *s, void *arg)
{
	struct seen *seen = arg;
	static const uint8_t zero[12];

	if (s->family != seen->family || s->protocol != IPPROTO_TCP || !s->has_uid ||
	    s->uid == (uid_t)-1 ||
	    (s->family == AF_INET && (memcmp(s->local + 4, zero, 12) != 0 ||
				      memcmp(s->remote + 4, zero, 12) != 0)))
		abort();
	seen->n++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int families[] = { AF_INET, AF_INET6 };

	for (size_t i = 0; i < 2; i++) {
		struct fuzz_stream in;
		struct seen seen = { .family = families[i] };
		size_t garbled = 0;

		fuzz_stream_open(&in, data, size);
		int rc = procnet_inet_read(in.f, families[i], IPPROTO_TCP, record, &seen, &garbled);
		fuzz_stream_close(&in);
		if (rc < 0 && seen.n != 0)
			abort();
	}
	return 0;
}
