/*
 * A sock_diag reply for AF_UNIX, as recv() returns it, through
 * unix_diag_parse().  Every byte a record points at is read, so that a
 * name or connection list reaching past the buffer shows.
 */
#include "fuzz_input.h"
#include "sockets.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void record(const struct unix_sock *s, void *arg)
{
	uint64_t *sum = arg;

	/* At most sun_path's 108 bytes, an abstract name's '@' in place of its NUL. */
	if (s->name && (s->name[0] == '\0' || strlen(s->name) > 108))
		abort();
	if (!s->icons != !s->nicons)
		abort();
	for (size_t i = 0; i < s->nicons; i++)
		*sum += s->icons[i];
	*sum += s->inode;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t sum = 0;

	errno = 0;
	int rc = unix_diag_parse(data, size, record, &sum);
	if (rc < -1 || rc > 1 || (rc < 0 && errno == 0))
		abort();
	return 0;
}
