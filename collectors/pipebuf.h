#ifndef IPCSCOPE_PIPEBUF_H
#define IPCSCOPE_PIPEBUF_H

#include "ipc_object.h"

struct fd_group;
struct fdpeek;
struct procindex;

/* Values every pipe buffer has, whether the pipe is anonymous or a FIFO. */
extern const struct attr_def attr_queued;
extern const struct attr_def attr_capacity;

/*
 * Fill in the owner, the queued bytes and the capacity of the pipe buffer
 * behind a group of descriptors, through a pidfd_getfd() duplicate of one
 * of them.  When no holder can be duplicated, queued and capacity stay
 * unknown and the owner comes from stat() of the /proc link.
 */
void pipebuf_probe(struct ipc_object *obj, const struct procindex *idx,
		   const struct fd_group *group, struct fdpeek *peek);

/* Add every descriptor of the group as a holder of obj. */
void add_fd_holders(struct ipc_object *obj, const struct procindex *idx,
		    const struct fd_group *group);

#endif
