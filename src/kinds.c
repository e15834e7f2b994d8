/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "kinds.h"
#include "registry.h"
#include "util.h"

extern const struct kind kind_pipe;
extern const struct kind kind_fifo;
extern const struct kind kind_unix;
extern const struct kind kind_tcp;
extern const struct kind kind_udp;
extern const struct kind kind_raw;
extern const struct kind kind_sysv_shm;
extern const struct kind kind_sysv_msg;
extern const struct kind kind_sysv_sem;
extern const struct kind kind_posix_shm;
extern const struct kind kind_posix_sem;
extern const struct kind kind_posix_mq;
extern const struct kind kind_memfd;
extern const struct kind kind_lock;

/* The order here is the order of objects in the output. */
static const struct kind *const kind_table[] = {
	&kind_pipe,
	&kind_fifo,
	&kind_unix,
	&kind_tcp,
	&kind_udp,
	&kind_raw,
	&kind_sysv_shm,
	&kind_sysv_msg,
	&kind_sysv_sem,
	&kind_posix_shm,
	&kind_posix_sem,
	&kind_posix_mq,
	&kind_memfd,
	&kind_lock,
};

static const struct registry kinds = REGISTRY_OF(kind_table);

size_t kinds_count(void)
{
	return kinds.n;
}

const struct kind *kind_at(size_t i)
{
	return registry_at(&kinds, i);
}

int kind_find(const char *name)
{
	return registry_index(&kinds, name);
}

const char *kind_suggest(const char *name)
{
	return registry_suggest(&kinds, name);
}

int kind_index(const struct kind *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(kind_table); i++)
		if (kind_table[i] == kind)
			return (int)i;
	return -1;
}

const char *kinds_names(void)
{
	static char buf[512];

	return registry_names(&kinds, NULL, NULL, buf, sizeof(buf));
}
