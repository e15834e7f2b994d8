/* SPDX-License-Identifier: GPL-2.0-or-later */
/* POSIX shared memory objects (shm_open), held by descriptor or by mapping. */
#include "devshm.h"
#include "ipc_object.h"
#include "kinds.h"
#include "memory_size.h"
#include "posix_fields.h"
#include "procindex.h"
#include "stale_posix.h"
#include "util.h"

/* Its size, from the walk's stat() or a holder's descriptor's alike. */
static void describe_shm(struct ipc_object *obj, int dirfd, const char *file,
			 const struct stat *st)
{
	(void)dirfd;
	(void)file;
	ipc_object_set_uint(obj, &attr_memory_size, (uint64_t)st->st_size);
}

static int collect_posix_shm(struct collect_ctx *ctx, const struct kind *self)
{
	return devshm_collect(ctx, self, false, describe_shm);
}

static const struct posix_files shm_files = {
	.ctime_is_use = true, .reason = "nobody maps it or has it open",
};

static const struct attr_def *const posix_shm_attrs[] = { &attr_memory_size, &attr_mntns,
							  &attr_deleted };

const struct kind kind_posix_shm = {
	.name = "posix_shm",
	.help = "POSIX shared memory objects in /dev/shm (every mount namespace's)",
	.fd_classes = FD_CLASS_BIT(FD_SHM) | FD_CLASS_BIT(FD_MAP_SHM),
	.index_needs = INDEX_NEED_PATH_STAT | INDEX_NEED_MAPS,
	.collect = collect_posix_shm,
	.attrs = posix_shm_attrs,
	.nattrs = ARRAY_SIZE(posix_shm_attrs),
	.default_columns = "KIND,NAME,USER,MODE,SIZE,HOLDERS",
	.summary = memory_size_summary,
	.remove = posix_remove,
	.stale_by_holders = true,
	.bytes_attr = &attr_memory_size,
	.posix_files = &shm_files,
};
