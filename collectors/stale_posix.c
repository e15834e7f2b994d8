/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stale POSIX objects: shared memory and named semaphores nobody maps or
 * has open, and message queues nobody has open.  They live as files in a
 * /dev/shm or an mqueue filesystem, one per container or sandbox that has
 * its own, so the file's times tell their last activity, and removal
 * happens where the object lives, after checking once more that the name
 * is still the same inode of the same filesystem.
 */
#include "file_place.h"
#include "ipc_object.h"
#include "kinds.h"
#include "posix_fields.h"
#include "snapshot.h"
#include "stale.h"
#include "stale_posix.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * File times come from the kernel's coarse clock, a tick (a few ms) behind:
 * one made in the tick the walk began, after it, still looks older.  That
 * tick is the window left; before, it was the whole walk.
 */
static bool later(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

void posix_judge(struct ipc_object *obj, const struct stat *st, const struct timespec *walked)
{
	const struct posix_files *files = obj->kind->posix_files;
	int64_t since = st->st_mtime;

	if (obj->nholders || later(&st->st_mtim, walked) ||
	    (files->ctime_is_use && later(&st->st_ctim, walked)))
		return;
	if (files->ctime_is_use && st->st_ctime > since)
		since = st->st_ctime;
	ipc_object_mark_stale(obj, xstrdup(files->reason), true, since);
}

/* Nothing to remove, or no way to find it again; NULL when it may be removed. */
static char *unremovable(const struct ipc_object *obj)
{
	const struct attr_value *deleted = ipc_object_attr(obj, &attr_deleted);

	if (deleted && deleted->known && deleted->b)
		return xstrdup("it is unlinked already: it goes when its last holder lets go");
	if (!obj->place || !obj->name)
		return xstrdup("it was not found in a directory, so there is no name to remove");
	return NULL;
}

int posix_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why)
{
	if ((*why = unremovable(obj)))
		return STALE_SKIPPED;
	struct file_place place = *obj->place;
	if (place.in_namespace) {
		/* Reached through a process of it now, not the one the plan saw, which may be gone. */
		const struct namespace *ns =
			namespace_find(&fresh->index.ns[NS_MNT], place.mntns.inode);
		if (!ns || !ns->pid) {
			*why = xasprintf("no process of its mount namespace %llu is left to reach it through",
					 (unsigned long long)place.mntns.inode);
			return STALE_SKIPPED;
		}
		place.mntns = *ns;
	}
	int dfd = file_place_open_dir(&place, why);
	if (dfd < 0)
		return *why ? STALE_SKIPPED : STALE_FAILED;
	/* A regular file of the directory's own filesystem: that is the object's device. */
	int rc = file_place_unlink_at(dfd, place.name, place.root_id.dev, obj->inode, S_IFREG, NULL,
				      NULL, why);
	int err = errno;
	close(dfd);
	errno = err;
	return rc;
}

/* A queue's removal, run inside its IPC namespace. */
struct queue_unlink {
	const char *name; /* "/NAME" */
	uint64_t dev, ino;
	bool entered;
	char *why;
};

static int unlink_queue(void *arg)
{
	struct queue_unlink *q = arg;
	struct stat st;

	q->entered = true;
	/* Opening a queue changes nothing in it; either access will do to fstat it. */
	mqd_t fd = mq_open(q->name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == (mqd_t)-1 && errno == EACCES)
		fd = mq_open(q->name, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd == (mqd_t)-1) {
		if (errno != ENOENT)
			return STALE_FAILED;
		q->why = xstrdup("it is gone already");
		return STALE_SKIPPED;
	}
	int rc = fstat(fd, &st);
	close(fd);
	if (rc < 0)
		return STALE_FAILED;
	if ((uint64_t)st.st_dev != q->dev || (uint64_t)st.st_ino != q->ino) {
		q->why = xstrdup("its name is another queue's now (made anew since it was found)");
		return STALE_SKIPPED;
	}
	/* Between that look and this call only someone who may remove the queue can swap it. */
	if (mq_unlink(q->name) == 0)
		return STALE_REMOVED;
	if (errno != ENOENT)
		return STALE_FAILED;
	q->why = xstrdup("it is gone already");
	return STALE_SKIPPED;
}

int posix_mq_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why)
{
	if ((*why = unremovable(obj)))
		return STALE_SKIPPED;
	const struct attr_value *ipcns = ipc_object_attr_named(obj, "ipcns");
	const struct namespace *ns =
		ipcns && ipcns->known ? namespace_find(&fresh->index.ns[NS_IPC], ipcns->u) : NULL;
	if (!ns) {
		*why = ipcns && ipcns->known
			       ? xasprintf("no process of its IPC namespace %llu is left to enter it by",
					   (unsigned long long)ipcns->u)
			       : xstrdup("its IPC namespace is unknown, so it cannot be removed from there");
		return STALE_SKIPPED;
	}
	struct queue_unlink q = { .name = obj->name, .dev = obj->place->root_id.dev, .ino = obj->inode };
	int rc = namespace_run(ns, unlink_queue, &q);
	if (!q.entered) {
		*why = xasprintf("cannot enter its IPC namespace %llu: %s",
				 (unsigned long long)ns->inode, strerror(errno));
		return STALE_SKIPPED;
	}
	*why = q.why;
	return rc;
}
