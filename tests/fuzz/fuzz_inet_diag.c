/* A sock_diag reply for TCP, as recv() returns it, through inet_diag_parse(). */
#include "fuzz_input.h"
#include "sockets.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>

static void record(const struct inet_sock *s, void *arg)
{
	size_t *n = arg;

	if ((s->family != AF_INET && s->family != AF_INET6) || s->protocol != IPPROTO_TCP)
		abort();
	(*n)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;

	errno = 0;
	int rc = inet_diag_parse(data, size, IPPROTO_TCP, record, &n);
	if (rc < -1 || rc > 1 || (rc < 0 && errno == 0))
		abort();
	return 0;
}
