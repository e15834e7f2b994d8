/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Anonymous pipes: every pipe:[INODE] descriptor, grouped by inode. */
#include "ipc_object.h"
#include "kernel_limits.h"
#include "kinds.h"
#include "pipebuf.h"
#include "procindex.h"
#include "util.h"

static void describe_pipe(struct ipc_object *obj, const struct procindex *idx,
			  const struct fd_group *group)
{
	(void)idx;
	obj->id = xasprintf("%llu", (unsigned long long)group->ino);
}

static int collect_pipes(struct collect_ctx *ctx, const struct kind *self)
{
	collect_pipe_buffers(ctx, self, FD_PIPE, describe_pipe);
	return 0;
}

/* Declared here, not by the FIFOs too, so it is shown once; it counts both. */
static const struct kind_limit pipe_limits[] = {
	{ .name = "pipe_user_pages_soft", .sysctl = "fs.pipe-user-pages-soft",
	  .what = "pages of pipe buffers of the user with the most", .unit = "pages",
	  .system_wide = true, .used = pipe_pages_of_top_user },
};

static const struct attr_def *const pipe_attrs[] = { &attr_queued, &attr_capacity };

const struct kind kind_pipe = {
	.name = "pipe",
	.help = "anonymous pipes",
	.fd_classes = FD_CLASS_BIT(FD_PIPE),
	.collect = collect_pipes,
	.attrs = pipe_attrs,
	.nattrs = ARRAY_SIZE(pipe_attrs),
	.default_columns = "KIND,ID,NAME,USER,MODE,QUEUED,CAPACITY,HOLDERS",
	.summary = pipe_buffer_summary,
	.bytes_attr = &attr_queued,
	.limits = pipe_limits,
	.nlimits = ARRAY_SIZE(pipe_limits),
};
