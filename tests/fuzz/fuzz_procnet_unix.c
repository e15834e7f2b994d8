/* SPDX-License-Identifier: GPL-2.0-or-later */
/* /proc/net/unix text through procnet_unix_read(). */
#include "fuzz_input.h"
#include "sockets.h"

#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static void record(const struct unix_sock *s, void *arg)
{
	size_t *n = arg;

	/* The kernel prints the space before a name only when there is one. */
	if ((s->name && strlen(s->name) == 0) || s->has_peer || s->has_queues || s->has_uid ||
	    (s->type != SOCK_STREAM && s->type != SOCK_DGRAM && s->type != SOCK_SEQPACKET))
		abort();
	(*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_stream in;
	size_t n = 0, garbled = 0;

	fuzz_stream_open(&in, data, size);
	int rc = procnet_unix_read(in.f, record, &n, &garbled);
	fuzz_stream_close(&in);
	if (rc < 0 && n != 0)
		abort();
	return 0;
}
