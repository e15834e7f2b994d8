/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which IPC namespace an mqueue filesystem belongs to.  Nothing the kernel
 * shows of a mount or a descriptor names it; what does is that mq_open()
 * inside a namespace opens that namespace's queues only: a name that opens
 * there, opens on its filesystem.  Where no namespace can be entered (we
 * are not root) or none of a filesystem's names opens, the processes
 * around it tell, less surely: those holding its queues opened them in
 * their own namespace unless one was passed to them or they moved since;
 * and a mount namespace's /dev/mqueue is most often mounted by the
 * container that also has the IPC namespace, though a mount namespace made
 * without mounting its own keeps the one it was copied from.
 */
#include "mqueue_fs.h"
#include "procindex.h"
#include "selection.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <stdlib.h>
#include <unistd.h>

/* Names of one filesystem tried in each namespace before the next filesystem's. */
#define PROBE_NAMES 4

static bool has_fs(const struct mqueue_fs_set *set, uint64_t ipcns)
{
	for (size_t i = 0; i < set->n; i++)
		if (set->v[i].ipcns == ipcns)
			return true;
	return false;
}

static bool all_known(const struct mqueue_fs_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		if (!set->v[i].ipcns && set->v[i].names.len)
			return false;
	return true;
}

/* The device the queue `file` opens as in the calling thread's IPC namespace; 0 when it does not. */
static uint64_t opened_dev(const char *file)
{
	char *name = xasprintf("/%s", file);
	struct stat st;
	uint64_t dev = 0;

	/* Opening a queue takes no message and drops no registration; either access will do. */
	mqd_t q = mq_open(name, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (q == (mqd_t)-1 && errno == EACCES)
		q = mq_open(name, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
	free(name);
	if (q == (mqd_t)-1)
		return 0;
	if (fstat(q, &st) == 0)
		dev = st.st_dev;
	close(q);
	return dev;
}

struct probe {
	struct mqueue_fs_set *set;
	uint64_t ipcns;
};

/* Runs inside the namespace: the first name that opens shows its filesystem. */
static int probe_here(void *arg)
{
	struct probe *p = arg;

	for (size_t i = 0; i < p->set->n; i++) {
		const struct mqueue_fs *fs = &p->set->v[i];
		for (size_t k = 0; !fs->ipcns && k < fs->names.len && k < PROBE_NAMES; k++) {
			uint64_t dev = opened_dev(fs->names.items[k]);
			if (!dev)
				continue;
			/* Kept even when nothing else shows it, so no guess gives the namespace another. */
			struct mqueue_fs *mine = mqueue_fs_add(p->set, dev);
			if (!mine->ipcns)
				mine->ipcns = p->ipcns;
			return 0; /* a namespace has one filesystem: this one's is known */
		}
	}
	return 0;
}

static int by_value(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The IPC namespaces of the processes around a filesystem. */
struct votes {
	uint64_t *v;
	size_t n;
};

static void vote(struct votes *votes, uint64_t ipcns)
{
	votes->v = xreallocarray(votes->v, votes->n + 1, sizeof(*votes->v));
	votes->v[votes->n++] = ipcns;
}

/* The namespace most votes are for, among those with no filesystem yet; 0 for none or a tie. */
static uint64_t most_voted(const struct mqueue_fs_set *set, struct votes *votes)
{
	uint64_t *v = votes->v, best = 0;
	size_t n = votes->n, best_n = 0;
	bool tie = false;

	if (n)
		qsort(v, n, sizeof(*v), by_value);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i; j < n && v[j] == v[i]; j++)
			;
		if (!v[i] || has_fs(set, v[i]))
			continue;
		if (j - i == best_n)
			tie = true;
		if (j - i > best_n) {
			best = v[i];
			best_n = j - i;
			tie = false;
		}
	}
	free(v);
	*votes = (struct votes){ 0 };
	return tie ? 0 : best;
}

/* The IPC namespaces of the processes holding its queues. */
static void guess_by_holders(struct mqueue_fs_set *set, const struct procindex *idx,
			     struct mqueue_fs *fs)
{
	struct votes votes = { 0 };

	for (size_t g = 0; g < idx->ngroups; g++) {
		const struct fd_group *grp = &idx->groups[g];
		if (grp->cls != FD_MQUEUE || grp->dev != fs->dev)
			continue;
		procindex_foreach_in_group(idx, grp, e)
			vote(&votes, procindex_proc_of(idx, e)->ns[NS_IPC]);
	}
	fs->ipcns = most_voted(set, &votes);
}

static bool mounted_in(const struct mqueue_fs *fs, uint64_t mntns)
{
	for (size_t m = 0; m < fs->nmntns; m++)
		if (fs->mntns_all[m] == mntns)
			return true;
	return false;
}

/* The IPC namespaces of the processes of the mount namespaces that have it on /dev/mqueue. */
static void guess_by_mounts(struct mqueue_fs_set *set, const struct procindex *idx,
			    struct mqueue_fs *fs)
{
	struct votes votes = { 0 };

	for (size_t i = 0; i < idx->nprocs; i++)
		if (mounted_in(fs, idx->procs[i].ns[NS_MNT]))
			vote(&votes, idx->procs[i].ns[NS_IPC]);
	fs->ipcns = most_voted(set, &votes);
}

void mqueue_owner_find(struct mqueue_fs_set *set, const struct procindex *idx,
		       const struct selection *sel)
{
	const struct namespace_set *ipc = &idx->ns[NS_IPC];

	for (size_t i = 0; i < ipc->n && !all_known(set); i++) {
		struct probe p = { set, ipc->v[i].inode };
		/* One that cannot be entered (not root, or its processes gone) is left to the guesses. */
		if (selection_wants_namespace(sel, &ipc->v[i]))
			namespace_run(&ipc->v[i], probe_here, &p);
	}
	for (size_t i = 0; i < set->n; i++)
		if (!set->v[i].ipcns)
			guess_by_holders(set, idx, &set->v[i]);
	for (size_t i = 0; i < set->n; i++)
		if (!set->v[i].ipcns && set->v[i].nmntns)
			guess_by_mounts(set, idx, &set->v[i]);
}
