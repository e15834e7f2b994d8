/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A sock_diag reply for AF_UNIX, as recv() returns it, through
 * unix_diag_parse().  Every byte a record points at is read, so that a
 * name or connection list reaching past the buffer shows.  The same bytes
 * off the alignment the kernel gives must parse the same.
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

struct result {
	int rc, err;
	uint64_t sum;
};

static struct result parse(const uint8_t *data, size_t size)
{
	struct result r = { 0 };

	errno = 0;
	r.rc = unix_diag_parse(data, size, record, &r.sum);
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
	if (aligned.rc != off.rc || aligned.sum != off.sum || (aligned.rc < 0 && aligned.err != off.err))
		abort();
	return 0;
}
