/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_PIPEBUF_H
#define IPCSCOPE_PIPEBUF_H

#include "ipc_object.h"

#include "fdlink.h"

struct fd_group;
struct limit_measure;
struct procindex;

/* Values every pipe buffer has, whether the pipe is anonymous or a FIFO. */
extern const struct attr_def attr_queued;
extern const struct attr_def attr_capacity;

struct collect_ctx;
struct kind;

/*
 * One object per group of descriptors of class `cls` (pipes, FIFOs), with
 * its holders, inode, owner, queued bytes and capacity; `describe` adds
 * what only the kind knows (its id and name).  The buffer values come
 * from a pidfd_getfd() duplicate of one holder's descriptor; when none can
 * be duplicated they stay unknown and the owner comes from stat() of the
 * /proc link.
 */
/* "100 of 65536 bytes queued"; NULL when the buffer could not be read. */
char *pipe_buffer_summary(const struct ipc_object *obj);

/* For fs.pipe-user-pages-soft: the pipe buffer pages of the user with the most. */
struct maybe_u64 pipe_pages_of_top_user(const struct limit_measure *m);

void collect_pipe_buffers(struct collect_ctx *ctx, const struct kind *kind, enum fd_class cls,
			  void (*describe)(struct ipc_object *obj, const struct procindex *idx,
					   const struct fd_group *group));

#endif
