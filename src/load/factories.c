/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "load.h"
#include "registry.h"

extern const struct load_factory load_pipe, load_fifo, load_unix, load_tcp, load_udp,
	load_sysv_shm, load_sysv_msg, load_sysv_sem, load_posix_shm, load_posix_sem, load_posix_mq,
	load_lock;

/* The kinds `load` makes, under the names `list` takes, in the order they are made. */
static const struct load_factory *const factories[] = {
	&load_pipe,     &load_fifo,     &load_unix,     &load_tcp,
	&load_udp,      &load_sysv_shm, &load_sysv_msg, &load_sysv_sem,
	&load_posix_shm, &load_posix_sem, &load_posix_mq, &load_lock,
};

static const struct registry factory_registry = REGISTRY_OF(factories);

size_t load_factories_count(void)
{
	return factory_registry.n;
}

const struct load_factory *load_factory_at(size_t i)
{
	return registry_at(&factory_registry, i);
}

const struct load_factory *load_factory_find(const char *kind)
{
	return registry_find(&factory_registry, kind);
}

const char *load_kinds_names(void)
{
	static char buf[256];

	return registry_names(&factory_registry, NULL, NULL, buf, sizeof(buf));
}
