/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_MQUEUE_FS_H
#define IPCSCOPE_MQUEUE_FS_H

/*
 * The mqueue filesystems of a machine.  Each IPC namespace has exactly
 * one: mq_open() there makes its queues on it, and `mount -t mqueue` made
 * from inside the namespace mounts that same filesystem, so its device
 * names the namespace's queues.  They are found as the /dev/mqueue of each
 * mount namespace (reached under its root, no symbolic link followed) and
 * as the devices of the queue descriptors processes hold; then each is
 * told to belong to an IPC namespace (mqueue_owner.c).
 */

#include "namespaces.h"
#include "strvec.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

struct procindex;
struct selection;

struct mqueue_entry {
	char *file; /* the queue's name without its slash */
	struct stat st;
};

struct mqueue_fs {
	uint64_t dev;
	uint64_t ipcns; /* the IPC namespace it belongs to; 0 while unknown */
	/* Where it is mounted as /dev/mqueue: the first mount namespace found
	 * (ours first), its directory, open, and what it lists. */
	bool mounted;
	struct namespace mntns;
	int dirfd;
	struct stat dir;
	struct mqueue_entry *entries;
	size_t nentries;
	bool own_mount; /* it is what our own /dev/mqueue shows */
	/* Every mount namespace that has it on /dev/mqueue, for guessing its IPC namespace. */
	uint64_t *mntns_all;
	size_t nmntns;
	/* Names of its queues to open by (from the directory or the holders' links), for the same. */
	struct strvec names;
};

struct mqueue_fs_set {
	struct mqueue_fs *v;
	size_t n;
	bool own_mounted;     /* our /dev/mqueue is an mqueue mount */
	bool own_unreadable;  /* ... that could not be read */
};

/* Finds them all and tells whose each is; warnings for mounts that cannot be read. */
void mqueue_fs_find(struct mqueue_fs_set *set, const struct procindex *idx,
		    const struct selection *sel, struct strvec *warnings);
struct mqueue_fs *mqueue_fs_of(const struct mqueue_fs_set *set, uint64_t dev);
/* The one with this device, added (with nothing known of it) when there is none. */
struct mqueue_fs *mqueue_fs_add(struct mqueue_fs_set *set, uint64_t dev);
void mqueue_fs_free(struct mqueue_fs_set *set);

/*
 * Tells each filesystem's IPC namespace (fs->ipcns), surest first: the
 * device a queue name opens as, with mq_open() inside each namespace the
 * selection wants; then the namespace of most of the processes holding its
 * queues; then that of most of the processes of the mount namespaces that
 * mounted it.  The last two only give a namespace no filesystem has yet,
 * since one namespace has one.
 */
void mqueue_owner_find(struct mqueue_fs_set *set, const struct procindex *idx,
		       const struct selection *sel);

#endif
