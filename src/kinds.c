#include "kinds.h"
#include "util.h"

#include <string.h>

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

size_t kinds_count(void)
{
	return ARRAY_SIZE(kind_table);
}

const struct kind *kind_at(size_t i)
{
	return i < ARRAY_SIZE(kind_table) ? kind_table[i] : NULL;
}

int kind_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(kind_table); i++)
		if (strcmp(kind_table[i]->name, name) == 0)
			return (int)i;
	return -1;
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

	if (!buf[0]) {
		for (size_t i = 0; i < ARRAY_SIZE(kind_table); i++) {
			if (i)
				strcat(buf, ", ");
			strcat(buf, kind_table[i]->name);
		}
	}
	return buf;
}
