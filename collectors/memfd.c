/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Anonymous files from memfd_create(): shared memory passed between
 * processes as a descriptor (Wayland buffers, sandboxes, JIT code).  One
 * object per file, held by descriptor, by shared mapping or both.
 */
#include "collect.h"
#include "ipc_object.h"
#include "kinds.h"
#include "memory_size.h"
#include "procindex.h"
#include "util.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

/* "/memfd:NAME (deleted)" -> "NAME", the name given to memfd_create(). */
static char *memfd_name(const char *text)
{
	const char *name = text + strlen("/memfd:");
	const char *deleted = strstr(name, " (deleted)");
	size_t len = deleted ? (size_t)(deleted - name) : strlen(name);

	return xasprintf("%.*s", (int)len, name);
}

static void add_memfd(struct collect_ctx *ctx, const struct kind *self,
		      const struct fd_group *by_fd, const struct fd_group *by_map)
{
	const struct procindex *idx = ctx->idx;
	const struct fd_group *any = by_fd ? by_fd : by_map;
	struct ipc_object *obj = ipc_object_new(self);
	struct stat st;

	obj->id = xasprintf("%u:%u:%llu", major(any->dev), minor(any->dev),
			    (unsigned long long)any->ino);
	obj->name = memfd_name(idx->fds[any->first].path);
	obj->has_inode = true;
	obj->inode = any->ino;
	ipc_object_add_group_holders(obj, idx, by_fd);
	ipc_object_add_group_holders(obj, idx, by_map);
	/* Size and owner need a descriptor to stat; a mapping alone gives neither. */
	if (by_fd) {
		procindex_foreach_in_group(idx, by_fd, e) {
			if (procindex_stat_fd(idx, e, &st) == 0 && st.st_ino == any->ino) {
				ipc_object_set_owner(obj, &st);
				ipc_object_set_uint(obj, &attr_memory_size, (uint64_t)st.st_size);
				break;
			}
		}
	}
	collect_add(ctx, obj);
}

static int collect_memfd(struct collect_ctx *ctx, const struct kind *self)
{
	const struct procindex *idx = ctx->idx;

	for (size_t g = 0; g < idx->ngroups; g++) {
		const struct fd_group *grp = &idx->groups[g];
		if (grp->cls == FD_MEMFD)
			add_memfd(ctx, self, grp,
				  procindex_find(idx, FD_MAP_MEMFD, grp->dev, grp->ino));
		else if (grp->cls == FD_MAP_MEMFD && !procindex_find(idx, FD_MEMFD, grp->dev, grp->ino))
			add_memfd(ctx, self, NULL, grp);
	}
	return 0;
}

static const struct attr_def *const memfd_attrs[] = { &attr_memory_size };

const struct kind kind_memfd = {
	.name = "memfd",
	.help = "memfd_create() files held by descriptor or shared mapping",
	.fd_classes = FD_CLASS_BIT(FD_MEMFD) | FD_CLASS_BIT(FD_MAP_MEMFD),
	.index_needs = INDEX_NEED_MAPS,
	.collect = collect_memfd,
	.attrs = memfd_attrs,
	.nattrs = ARRAY_SIZE(memfd_attrs),
	.default_columns = "KIND,ID,NAME,USER,SIZE,HOLDERS",
	.summary = memory_size_summary,
	.bytes_attr = &attr_memory_size,
};
