/* Anonymous pipes: every pipe:[INODE] descriptor, grouped by inode. */
#include "fdpeek.h"
#include "ipc_object.h"
#include "kinds.h"
#include "pipebuf.h"
#include "snapshot.h"
#include "util.h"

static int collect_pipes(struct snapshot *snap, const struct kind *self)
{
	const struct procindex *idx = &snap->index;
	struct fdpeek peek = FDPEEK_INIT;

	for (size_t g = 0; g < idx->ngroups; g++) {
		const struct fd_group *group = &idx->groups[g];
		if (group->cls != FD_PIPE)
			continue;
		struct ipc_object *obj = ipc_object_new(self);
		obj->id = xasprintf("%llu", (unsigned long long)group->ino);
		obj->has_inode = true;
		obj->inode = group->ino;
		add_fd_holders(obj, idx, group);
		pipebuf_probe(obj, idx, group, &peek);
		snapshot_add(snap, obj);
	}
	fdpeek_release(&peek);
	return 0;
}

static const struct attr_def *const pipe_attrs[] = { &attr_queued, &attr_capacity };

const struct kind kind_pipe = {
	.name = "pipe",
	.help = "anonymous pipes",
	.fd_classes = FD_CLASS_BIT(FD_PIPE),
	.collect = collect_pipes,
	.attrs = pipe_attrs,
	.nattrs = ARRAY_SIZE(pipe_attrs),
	.default_columns = "KIND,ID,NAME,USER,MODE,QUEUED,CAPACITY,HOLDERS",
};
