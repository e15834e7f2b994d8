/* SPDX-License-Identifier: GPL-2.0-or-later */
/* POSIX named semaphores (sem_open): /dev/shm/sem.NAME, held by mapping. */
#include "devshm.h"
#include "ipc_object.h"
#include "kinds.h"
#include "posix_fields.h"
#include "procindex.h"
#include "stale_posix.h"
#include "util.h"

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

static const struct attr_def attr_value = {
	.json = "value", .column = "VALUE", .type = ATTR_UINT, .width_hint = 3,
	.col_flags = COL_RIGHT, .help = "current value (glibc's layout on 64-bit systems)",
};
static const struct attr_def attr_waiting = {
	.json = "waiting", .column = "WAITING", .type = ATTR_UINT, .width_hint = 3,
	.col_flags = COL_RIGHT, .help = "threads blocked in sem_wait()",
};

/*
 * glibc with 64-bit atomics keeps a semaphore in one native 64-bit word at
 * the start of the file: the value in its low half, the number of waiters in its
 * high half.  Reading the file changes neither.  Other layouts stay null,
 * and so does an unlinked one, known only from its mappings.
 */
static void describe_sem(struct ipc_object *obj, int dirfd, const char *file,
			 const struct stat *st)
{
	uint64_t word;

	if (dirfd < 0 || sizeof(void *) != 8 || st->st_size < (off_t)sizeof(word))
		return;
	int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	if (fd < 0)
		return;
	if (pread(fd, &word, sizeof(word), 0) == (ssize_t)sizeof(word)) {
		ipc_object_set_uint(obj, &attr_value, word & 0xffffffffu);
		ipc_object_set_uint(obj, &attr_waiting, word >> 32);
	}
	close(fd);
}

static int collect_posix_sem(struct collect_ctx *ctx, const struct kind *self)
{
	return devshm_collect(ctx, self, true, describe_sem);
}

/* "value 1, 2 waiting" */
static char *sem_summary(const struct ipc_object *obj)
{
	const struct attr_value *v = ipc_object_attr(obj, &attr_value);
	const struct attr_value *w = ipc_object_attr(obj, &attr_waiting);

	if (!v->known || !w->known)
		return NULL;
	return xasprintf("value %llu, %llu waiting", (unsigned long long)v->u,
			 (unsigned long long)w->u);
}

static const struct posix_files sem_files = {
	.ctime_is_use = true, .reason = "nobody maps it or has it open",
};

static const struct attr_def *const posix_sem_attrs[] = { &attr_value, &attr_waiting, &attr_mntns,
							  &attr_deleted };

const struct kind kind_posix_sem = {
	.name = "posix_sem",
	.help = "POSIX named semaphores in /dev/shm (every mount namespace's)",
	.fd_classes = FD_CLASS_BIT(FD_SHM) | FD_CLASS_BIT(FD_MAP_SHM),
	.index_needs = INDEX_NEED_PATH_STAT | INDEX_NEED_MAPS,
	.collect = collect_posix_sem,
	.attrs = posix_sem_attrs,
	.nattrs = ARRAY_SIZE(posix_sem_attrs),
	.default_columns = "KIND,NAME,USER,MODE,VALUE,WAITING,HOLDERS",
	.summary = sem_summary,
	.remove = posix_remove,
	.stale_by_holders = true,
	.posix_files = &sem_files,
};
