/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Pipes and FIFOs: a reader and a writer in two workers, and bytes queued between them. */
#include "load.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define QUEUED 100

static int queue_bytes(int fd)
{
	char bytes[QUEUED];

	memset(bytes, 'q', sizeof(bytes));
	return write(fd, bytes, sizeof(bytes)) == (ssize_t)sizeof(bytes) ? 0 : -1;
}

/* The reader with worker i, the writer with the next one. */
static void hand_out(struct load *L, const char *kind, unsigned i, int r, int w, char *id,
		     char *name)
{
	unsigned a = load_worker(L, i), b = load_worker(L, i + 1);

	load_give_fd(L, r, a);
	load_give_fd(L, w, b);
	load_object(L, kind, id, name, worker_bit(a) | worker_bit(b));
}

static int make_pipes(struct load *L, const struct load_factory *self)
{
	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		int p[2];
		struct stat st;
		if (pipe2(p, O_CLOEXEC) < 0 || fstat(p[0], &st) < 0 || queue_bytes(p[1]) < 0) {
			load_stop(L, self->kind, i, errno);
			return -1;
		}
		hand_out(L, self->kind, i, p[0], p[1], xasprintf("%llu", (unsigned long long)st.st_ino),
			 NULL);
	}
	return 0;
}

static int make_fifos(struct load *L, const struct load_factory *self)
{
	for (unsigned i = 0; i < L->count && !L->stopped; i++) {
		char *path = xasprintf("%s/fifo-%u", L->dir, i);
		struct stat st;
		int r = -1, w = -1;
		if (mkfifo(path, 0640) < 0 ||
		    (r = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 ||
		    (w = open(path, O_WRONLY | O_CLOEXEC)) < 0 || fstat(r, &st) < 0 ||
		    queue_bytes(w) < 0) {
			int err = errno;
			if (r >= 0)
				close(r);
			unlink(path);
			free(path);
			load_stop(L, self->kind, i, err);
			return -1;
		}
		load_cleanup(L, CLEAN_PATH, path, 0);
		hand_out(L, self->kind, i, r, w,
			 xasprintf("%u:%u:%llu", major(st.st_dev), minor(st.st_dev),
				   (unsigned long long)st.st_ino),
			 path);
	}
	return 0;
}

const struct load_factory load_pipe = {
	.kind = "pipe", .help = "pipes with 100 bytes queued, ends in two workers",
	.make = make_pipes,
};
const struct load_factory load_fifo = {
	.kind = "fifo", .help = "FIFOs in the load's directory, reader and writer in two workers",
	.make = make_fifos,
};
