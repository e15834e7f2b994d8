/* POSIX shared memory objects (shm_open), held by descriptor or by mapping. */
#include "devshm.h"
#include "ipc_object.h"
#include "kinds.h"
#include "procindex.h"
#include "util.h"

static const struct attr_def attr_size = {
	.json = "size", .column = "SIZE", .type = ATTR_UINT, .width_hint = 8,
	.col_flags = COL_RIGHT, .help = "size in bytes",
};

static void describe_shm(struct snapshot *snap, struct ipc_object *obj, int dirfd,
			 const char *file, const struct stat *st)
{
	(void)snap;
	(void)dirfd;
	(void)file;
	ipc_object_set_uint(obj, &attr_size, (uint64_t)st->st_size);
}

static int collect_posix_shm(struct snapshot *snap, const struct kind *self)
{
	devshm_collect(snap, self, false, describe_shm);
	return 0;
}

/* "8192 bytes" */
static char *size_summary(const struct ipc_object *obj)
{
	const struct attr_value *size = ipc_object_attr(obj, &attr_size);

	return size->known ? xasprintf("%llu bytes", (unsigned long long)size->u) : NULL;
}

static const struct attr_def *const posix_shm_attrs[] = { &attr_size };

const struct kind kind_posix_shm = {
	.name = "posix_shm",
	.help = "POSIX shared memory objects in /dev/shm",
	.fd_classes = FD_CLASS_BIT(FD_SHM) | FD_CLASS_BIT(FD_MAP_SHM),
	.index_needs = INDEX_NEED_PATH_STAT | INDEX_NEED_MAPS,
	.collect = collect_posix_shm,
	.attrs = posix_shm_attrs,
	.nattrs = ARRAY_SIZE(posix_shm_attrs),
	.default_columns = "KIND,NAME,USER,MODE,SIZE,HOLDERS",
	.summary = size_summary,
};
