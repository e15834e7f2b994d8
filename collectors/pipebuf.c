#include "pipebuf.h"
#include "fdpeek.h"
#include "procindex.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

const struct attr_def attr_queued = {
	.json = "queued",
	.column = "QUEUED",
	.help = "bytes waiting in the pipe buffer",
	.type = ATTR_UINT,
	.width_hint = 6,
	.col_flags = COL_RIGHT,
};

const struct attr_def attr_capacity = {
	.json = "capacity",
	.column = "CAPACITY",
	.help = "size of the pipe buffer in bytes",
	.type = ATTR_UINT,
	.width_hint = 8,
	.col_flags = COL_RIGHT,
};

static void set_owner(struct ipc_object *obj, const struct stat *st)
{
	obj->has_owner = true;
	obj->uid = st->st_uid;
	obj->gid = st->st_gid;
	obj->mode = st->st_mode & 07777;
}

void pipebuf_probe(struct ipc_object *obj, const struct procindex *idx,
		   const struct fd_group *group, struct fdpeek *peek)
{
	struct stat st;

	procindex_foreach_in_group(idx, group, e) {
		int copy = fdpeek_dup(peek, procindex_proc_of(idx, e)->pid, e->fd);
		if (copy < 0)
			continue;
		int queued = 0;
		if (fstat(copy, &st) == 0)
			set_owner(obj, &st);
		if (ioctl(copy, FIONREAD, &queued) == 0 && queued >= 0)
			ipc_object_set_uint(obj, &attr_queued, (uint64_t)queued);
		int size = fcntl(copy, F_GETPIPE_SZ);
		if (size >= 0)
			ipc_object_set_uint(obj, &attr_capacity, (uint64_t)size);
		close(copy);
		return;
	}
	procindex_foreach_in_group(idx, group, e) {
		if (procindex_stat_fd(idx, e, &st) == 0) {
			set_owner(obj, &st);
			return;
		}
	}
}

void add_fd_holders(struct ipc_object *obj, const struct procindex *idx,
		    const struct fd_group *group)
{
	procindex_foreach_in_group(idx, group, e)
		ipc_object_add_holder(obj, procindex_proc_of(idx, e), e->fd, e->access, VIA_FD);
}
