/* FIFOs (named pipes) that some process holds open, grouped by device and inode. */
#include "ipc_object.h"
#include "kinds.h"
#include "pipebuf.h"
#include "procindex.h"
#include "util.h"

#include <stdio.h>
#include <sys/sysmacros.h>

static const struct attr_def attr_dev = {
	.json = "dev",
	.column = "DEV",
	.help = "device of the filesystem holding the FIFO, MAJ:MIN",
	.type = ATTR_STR,
	.width_hint = 6,
};

static void describe_fifo(struct ipc_object *obj, const struct procindex *idx,
			  const struct fd_group *group)
{
	char dev[32];

	snprintf(dev, sizeof(dev), "%u:%u", major(group->dev), minor(group->dev));
	/* A FIFO's inode number is unique only within its filesystem. */
	obj->id = xasprintf("%s:%llu", dev, (unsigned long long)group->ino);
	obj->name = xstrdup(idx->fds[group->first].path);
	ipc_object_set_str(obj, &attr_dev, dev);
}

static int collect_fifos(struct snapshot *snap, const struct kind *self)
{
	collect_pipe_buffers(snap, self, FD_FIFO, describe_fifo);
	return 0;
}

static const struct attr_def *const fifo_attrs[] = { &attr_dev, &attr_queued, &attr_capacity };

const struct kind kind_fifo = {
	.name = "fifo",
	.help = "FIFOs (named pipes) held open by a process",
	.fd_classes = FD_CLASS_BIT(FD_FIFO),
	.index_needs = INDEX_NEED_PATH_STAT,
	.collect = collect_fifos,
	.attrs = fifo_attrs,
	.nattrs = ARRAY_SIZE(fifo_attrs),
	.default_columns = "KIND,ID,NAME,USER,MODE,QUEUED,CAPACITY,HOLDERS",
	.summary = pipe_buffer_summary,
};
