/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Which namespaces the machine's processes live in.  Each one is read
 * through a process inside it, so the sets keep one such process per
 * namespace; our own comes first whether or not another process shares it.
 */
#include "procindex_ns.h"
#include "namespace_dir.h"
#include "util.h"

#include <errno.h>
#include <linux/magic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

void procindex_read_namespaces(struct proc_info *p, int procfd)
{
	for (int t = 0; t < NS_TYPES; t++)
		p->ns[t] = namespace_of_pid(procfd, p->pid, (enum ns_type)t);
}

static int by_own_then_inode(const void *a, const void *b)
{
	const struct namespace *x = a, *y = b;

	if (x->own != y->own)
		return x->own ? -1 : 1;
	return x->inode < y->inode ? -1 : x->inode > y->inode;
}

/* A process's namespace of one type, by its position in the process list. */
struct ns_seen {
	uint64_t inode;
	size_t proc;
};

static int by_inode_then_proc(const void *a, const void *b)
{
	const struct ns_seen *x = a, *y = b;

	if (x->inode != y->inode)
		return x->inode < y->inode ? -1 : 1;
	return x->proc < y->proc ? -1 : x->proc > y->proc;
}

/*
 * One set from the processes' inodes, sorted once rather than each looked
 * up in the set so far: a host may run thousands of containers.  The way
 * into each is its first process, whose namespace link was read and so
 * can be opened.
 */
static void gather_type(struct procindex *idx, enum ns_type type, struct ns_seen *seen)
{
	struct namespace_set *set = &idx->ns[type];
	size_t n = 0;
	bool own_seen = false;

	for (size_t i = 0; i < idx->nprocs; i++)
		if (idx->procs[i].ns[type])
			seen[n++] = (struct ns_seen){ idx->procs[i].ns[type], i };
	if (n)
		qsort(seen, n, sizeof(*seen), by_inode_then_proc);
	set->v = xcalloc(n + 1, sizeof(*set->v));
	for (size_t i = 0; i < n;) {
		size_t run = i;
		while (run < n && seen[run].inode == seen[i].inode)
			run++;
		bool own = seen[i].inode == idx->own_ns[type];
		own_seen |= own;
		set->v[set->n++] = (struct namespace){ .type = type, .inode = seen[i].inode,
						       .pid = idx->procs[seen[i].proc].pid,
						       .nprocs = run - i, .own = own };
		i = run;
	}
	if (idx->own_ns[type] && !own_seen)
		set->v[set->n++] = (struct namespace){ .type = type, .inode = idx->own_ns[type],
						       .own = true };
	qsort(set->v, set->n, sizeof(*set->v), by_own_then_inode);
}

void procindex_gather_namespaces(struct procindex *idx, int procfd)
{
	struct ns_seen *seen = xcalloc(idx->nprocs + 1, sizeof(*seen));

	for (int t = 0; t < NS_TYPES; t++) {
		idx->own_ns[t] = namespace_of_pid(procfd, 0, (enum ns_type)t);
		gather_type(idx, (enum ns_type)t, seen);
	}
	free(seen);
}

/*
 * The namespace's /dev/shm, if it is a tmpfs.  Reached under its root with
 * no symbolic link of its followed (namespace_dir.h): a /dev/shm made a link
 * to one of our directories would make our own files look like its shared
 * memory.  Only a tmpfs is /dev/shm: a plain directory there would make
 * every file of its filesystem look like shared memory.
 */
static bool shm_dir(const struct namespace *ns, struct stat *st)
{
	struct statfs sfs;
	int fd = namespace_dir_open(ns, "dev/shm", st);

	if (fd < 0)
		return false;
	bool tmpfs = fstatfs(fd, &sfs) == 0 && sfs.f_type == TMPFS_MAGIC;
	close(fd);
	errno = 0;
	return tmpfs;
}

static void shm_fs_add(struct procindex *idx, const struct namespace *ns, const struct stat *st)
{
	for (size_t i = 0; i < idx->nshm_fs; i++)
		if (idx->shm_fs[i].dev == st->st_dev)
			return;
	idx->shm_fs = xreallocarray(idx->shm_fs, idx->nshm_fs + 1, sizeof(*idx->shm_fs));
	idx->shm_fs[idx->nshm_fs++] = (struct shm_fs){
		.dev = st->st_dev,
		.mntns = ns ? ns->inode : 0,
		.pid = ns && !ns->own ? ns->pid : 0,
		.own = !ns || ns->own,
	};
}

void procindex_find_shm_fs(struct procindex *idx)
{
	const struct namespace_set *set = &idx->ns[NS_MNT];
	const struct namespace ours = { .type = NS_MNT, .own = true };
	struct stat st;

	/* Ours even when our mount namespace could not be told. */
	if (!idx->own_ns[NS_MNT] && shm_dir(&ours, &st))
		shm_fs_add(idx, NULL, &st);
	for (size_t i = 0; i < set->n; i++) {
		if (shm_dir(&set->v[i], &st))
			shm_fs_add(idx, &set->v[i], &st);
		else if (errno == ELOOP)
			strvec_pushf(&idx->warnings,
				     "mount namespace %llu: its /dev/shm is a symbolic link, or has one "
				     "on the way, which is not followed: its POSIX shared memory and "
				     "semaphores are not listed",
				     (unsigned long long)set->v[i].inode);
	}
}

void procindex_count_readable(struct procindex *idx)
{
	for (size_t i = 0; i < idx->nprocs; i++) {
		const struct proc_info *p = &idx->procs[i];
		for (int t = 0; t < NS_TYPES; t++) {
			struct namespace *ns = (struct namespace *)namespace_find(&idx->ns[t], p->ns[t]);
			if (ns && !p->unreadable)
				ns->nreadable++;
		}
	}
	for (int t = 0; t < NS_TYPES; t++) {
		const struct namespace_set *set = &idx->ns[t];
		for (size_t i = 0; i < set->n; i++) {
			const struct namespace *ns = &set->v[i];
			if (ns->own || ns->nreadable || !ns->nprocs)
				continue;
			strvec_pushf(&idx->warnings,
				     "%s namespace %llu: none of its %zu process%s could be read; "
				     "its objects are listed without the holders there",
				     namespace_type_name(ns->type), (unsigned long long)ns->inode,
				     ns->nprocs, ns->nprocs == 1 ? "" : "es");
		}
	}
}

void procindex_free_namespaces(struct procindex *idx)
{
	for (int t = 0; t < NS_TYPES; t++)
		free(idx->ns[t].v);
	free(idx->shm_fs);
}

const struct shm_fs *procindex_shm_fs(const struct procindex *idx, uint64_t dev)
{
	for (size_t i = 0; i < idx->nshm_fs; i++)
		if (idx->shm_fs[i].dev == dev)
			return &idx->shm_fs[i];
	return NULL;
}
