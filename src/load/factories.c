#include "load.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

extern const struct load_factory load_pipe, load_fifo, load_unix, load_tcp, load_udp,
	load_sysv_shm, load_sysv_msg, load_sysv_sem, load_posix_shm, load_posix_sem, load_posix_mq,
	load_lock;

/* The kinds `load` makes, under the names `list` takes, in the order they are made. */
static const struct load_factory *const factories[] = {
	&load_pipe,     &load_fifo,     &load_unix,     &load_tcp,
	&load_udp,      &load_sysv_shm, &load_sysv_msg, &load_sysv_sem,
	&load_posix_shm, &load_posix_sem, &load_posix_mq, &load_lock,
};

size_t load_factories_count(void)
{
	return ARRAY_SIZE(factories);
}

const struct load_factory *load_factory_at(size_t i)
{
	return i < ARRAY_SIZE(factories) ? factories[i] : NULL;
}

const struct load_factory *load_factory_find(const char *kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(factories); i++)
		if (strcmp(factories[i]->kind, kind) == 0)
			return factories[i];
	return NULL;
}

const char *load_kinds_names(void)
{
	static char buf[256];

	if (!buf[0])
		for (size_t i = 0; i < ARRAY_SIZE(factories); i++) {
			if (i)
				strcat(buf, ", ");
			strcat(buf, factories[i]->kind);
		}
	return buf;
}
