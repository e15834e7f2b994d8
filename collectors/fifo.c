/* FIFOs (named pipes) that some process holds open, grouped by device and inode. */
#include "ipc_object.h"
#include "kinds.h"
#include "pipebuf.h"
#include "procindex.h"
#include "selection.h"
#include "snapshot.h"
#include "stale.h"
#include "util.h"

#include <stdio.h>
#include <sys/stat.h>
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
	const char *path = idx->fds[group->first].path;
	obj->name = path ? xstrdup(path) : NULL; /* NULL: longer than PATH_MAX */
	ipc_object_set_str(obj, &attr_dev, dev);
}

struct unheld_fifos {
	struct snapshot *snap;
	const struct kind *self;
};

/* A FIFO on disk that no process has open: the index has no descriptor on it. */
static void found_fifo(const struct found_file *f, void *arg)
{
	struct unheld_fifos *u = arg;
	const struct stat *st = f->st;
	char dev[32];

	if (procindex_find(&u->snap->index, FD_FIFO, st->st_dev, st->st_ino))
		return; /* listed already, with its holders */
	struct ipc_object *obj = stale_file_object(u->self, f, "no process has it open");
	snprintf(dev, sizeof(dev), "%u:%u", major(st->st_dev), minor(st->st_dev));
	ipc_object_set_str(obj, &attr_dev, dev);
	snapshot_add(u->snap, obj);
}

static int collect_fifos(struct snapshot *snap, const struct kind *self)
{
	collect_pipe_buffers(snap, self, FD_FIFO, describe_fifo);
	if (snap->sel->stale) {
		struct unheld_fifos u = { snap, self };
		stale_scan_paths(snap, S_IFIFO, found_fifo, &u);
	}
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
	.remove = path_remove,
	.stale_by_holders = true,
};
