/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "procindex.h"
#include "procindex_ns.h"
#include "container.h"
#include "ipc_object.h"
#include "maps.h"
#include "users.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <libproc2/pids.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

/* ---- the (class, dev, inode) -> group hash ---------------------------- */

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static size_t slot_of(const struct procindex *idx, enum fd_class cls, uint64_t dev, uint64_t ino)
{
	return (size_t)mix64(ino ^ (dev * 0x9e3779b97f4a7c15ULL) ^ ((uint64_t)cls << 56)) &
	       (idx->nslots - 1);
}

static void rehash(struct procindex *idx)
{
	size_t n = idx->nslots ? idx->nslots * 2 : 1024;

	free(idx->slots);
	idx->slots = xcalloc(n, sizeof(*idx->slots));
	idx->nslots = n;
	for (size_t g = 0; g < idx->ngroups; g++) {
		const struct fd_group *grp = &idx->groups[g];
		size_t s = slot_of(idx, grp->cls, grp->dev, grp->ino);
		while (idx->slots[s])
			s = (s + 1) & (n - 1);
		idx->slots[s] = (uint32_t)g + 1;
	}
}

const struct fd_group *procindex_find(const struct procindex *idx, enum fd_class cls,
				      uint64_t dev, uint64_t ino)
{
	if (!idx->nslots)
		return NULL;
	for (size_t s = slot_of(idx, cls, dev, ino);; s = (s + 1) & (idx->nslots - 1)) {
		uint32_t v = idx->slots[s];
		if (!v)
			return NULL;
		const struct fd_group *g = &idx->groups[v - 1];
		if (g->cls == cls && g->dev == dev && g->ino == ino)
			return g;
	}
}

static struct fd_group *group_for(struct procindex *idx, enum fd_class cls, uint64_t dev,
				  uint64_t ino)
{
	struct fd_group *g = (struct fd_group *)procindex_find(idx, cls, dev, ino);

	if (g)
		return g;
	if (idx->ngroups == idx->groups_cap) {
		idx->groups_cap = idx->groups_cap ? idx->groups_cap * 2 : 256;
		idx->groups = xreallocarray(idx->groups, idx->groups_cap, sizeof(*idx->groups));
	}
	/* Keep the load below one half so probes stay short. */
	if ((idx->ngroups + 1) * 2 > idx->nslots)
		rehash(idx);
	g = &idx->groups[idx->ngroups];
	*g = (struct fd_group){ .cls = cls, .dev = dev, .ino = ino, .first = -1, .last = -1 };
	size_t s = slot_of(idx, cls, dev, ino);
	while (idx->slots[s])
		s = (s + 1) & (idx->nslots - 1);
	idx->slots[s] = (uint32_t)++idx->ngroups;
	return g;
}

/* Link fds[i] into the group of its object. */
static void group_fd(struct procindex *idx, int32_t i)
{
	const struct fd_entry *e = &idx->fds[i];
	struct fd_group *g = group_for(idx, e->cls, e->dev, e->ino);
	if (g->last >= 0)
		idx->fds[g->last].next = i;
	else
		g->first = i;
	g->last = i;
	g->count++;
}

/* ---- the walk ------------------------------------------------------------ */

/* Descriptors found by one walker thread, merged into the index afterwards. */
struct fd_list {
	struct fd_entry *v;
	size_t n, cap;
	struct strvec warnings;
};

static void fd_list_push(struct fd_list *l, const struct fd_entry *e)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->v = xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n++] = *e;
}

static void mark_unreadable(struct proc_info *p, int err)
{
	if (!p->unreadable)
		p->unreadable = err == EACCES || err == EPERM ? "permission denied" : "cannot be read";
}

static int fd_number(const char *name)
{
	uint64_t v;
	const char *end = parse_digits(name, 10, INT_MAX, &v);

	return end && !*end ? (int)v : -1;
}

/* The filesystem type of what /proc/PID/fd/N points at; 0 when it cannot be told. */
static long fd_fs_type(int pid, int fd)
{
	char path[64];
	struct statfs sfs;

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", pid, fd);
	return statfs(path, &sfs) == 0 ? (long)sfs.f_type : 0;
}

/* The descriptor's object by device and inode, and its link text kept as its name. */
static enum fd_class found_path(int dfd, const char *name, const char *link, struct fd_entry *e,
				enum fd_class cls, const struct stat *known)
{
	struct stat st;

	if (!known) {
		if (fstatat(dfd, name, &st, 0) != 0)
			return FD_PATH;
		known = &st;
	}
	e->dev = known->st_dev;
	e->ino = known->st_ino;
	e->path = xstrdup(link);
	return cls;
}

/*
 * What a path descriptor is, when the selected kinds need to know: a memfd,
 * a message queue, a FIFO, a file on /dev/shm.  The link text only says
 * which to check; statfs() or stat() decides, since a file could be named
 * like any of them.
 */
static enum fd_class classify_path(const struct procindex *idx, const struct proc_info *p,
				   const struct procindex_request *req, int dfd, const char *name,
				   const char *link, struct fd_entry *e)
{
	struct stat st;

	if ((req->fd_classes & FD_CLASS_BIT(FD_MEMFD)) && fdlink_is_memfd(link)) {
		long type = fd_fs_type(p->pid, e->fd);
		if (type == TMPFS_MAGIC || type == HUGETLBFS_MAGIC)
			return found_path(dfd, name, link, e, FD_MEMFD, NULL);
	}
	if ((req->needs & INDEX_NEED_MQUEUE) && fdlink_maybe_mqueue(link) &&
	    fd_fs_type(p->pid, e->fd) == MQUEUE_MAGIC)
		return found_path(dfd, name, link, e, FD_MQUEUE, NULL);
	if (!(req->needs & INDEX_NEED_PATH_STAT) || fstatat(dfd, name, &st, 0) != 0)
		return FD_PATH;
	if (S_ISFIFO(st.st_mode))
		return found_path(dfd, name, link, e, FD_FIFO, &st);
	if (S_ISREG(st.st_mode) && procindex_shm_fs(idx, st.st_dev))
		return found_path(dfd, name, link, e, FD_SHM, &st);
	if (file_set_has(&req->files, st.st_dev, st.st_ino))
		return found_path(dfd, name, link, e, FD_FILE, &st);
	return FD_PATH;
}

/*
 * A descriptor whose path the kernel cannot write out, being longer than
 * PATH_MAX (readlink says ENAMETOOLONG), told by what it is rather than by
 * its text: stat() through the link reaches the object all the same, and a
 * pipe differs from a FIFO by its filesystem.  Its name stays unknown.
 * -1 with errno when the descriptor cannot be looked at.
 */
static int classify_unnamed(const struct procindex *idx, const struct proc_info *p,
			    const struct procindex_request *req, int dfd, const char *name,
			    struct fd_entry *e, enum fd_class *cls)
{
	struct stat st;

	if (fstatat(dfd, name, &st, 0) != 0)
		return -1;
	*cls = FD_PATH;
	if (S_ISSOCK(st.st_mode)) {
		*cls = FD_SOCKET;
		e->ino = st.st_ino;
	} else if (S_ISFIFO(st.st_mode)) {
		long type = fd_fs_type(p->pid, e->fd);
		if (!type)
			return -1;
		*cls = type == PIPEFS_MAGIC ? FD_PIPE : FD_FIFO;
		e->ino = st.st_ino;
		if (*cls == FD_FIFO)
			e->dev = st.st_dev; /* a pipe's device is implied, as from its text */
	} else if (S_ISREG(st.st_mode) && procindex_shm_fs(idx, st.st_dev)) {
		*cls = FD_SHM;
	} else if (file_set_has(&req->files, st.st_dev, st.st_ino)) {
		*cls = FD_FILE;
	}
	if (*cls == FD_SHM || *cls == FD_FILE) {
		e->dev = st.st_dev;
		e->ino = st.st_ino;
	}
	return 0;
}

/* Runs in walker threads: it touches only its own process entry and its own list. */
static void walk_fds(const struct procindex *idx, struct proc_info *p, uint32_t pi, int procfd,
		     const struct procindex_request *req, struct fd_list *out)
{
	char path[32], link[PATH_MAX];
	const unsigned path_classes = FD_CLASS_BIT(FD_FIFO) | FD_CLASS_BIT(FD_SHM) |
				      FD_CLASS_BIT(FD_MQUEUE) | FD_CLASS_BIT(FD_MEMFD) |
				      FD_CLASS_BIT(FD_FILE);

	snprintf(path, sizeof(path), "%d/fd", p->pid);
	int dfd = openat(procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		/* ENOENT/ESRCH: the process ended since it was listed; nothing to report. */
		if (errno != ENOENT && errno != ESRCH)
			mark_unreadable(p, errno);
		return;
	}
	DIR *dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return;
	}

	struct dirent *de;
	size_t unread = 0;
	int unread_err = 0;
	while ((de = readdir(dir))) {
		int fd = fd_number(de->d_name);
		if (fd < 0)
			continue;
		struct fd_entry e = { .proc = pi, .fd = fd, .next = -1 };
		enum fd_class cls;
		struct stat st;
		ssize_t n = readlinkat(dfd, de->d_name, link, sizeof(link) - 1);
		if (n < 0) {
			int err = errno;
			if (err == EACCES || err == EPERM) {
				mark_unreadable(p, err);
				break;
			}
			if (err == ENAMETOOLONG &&
			    classify_unnamed(idx, p, req, dfd, de->d_name, &e, &cls) < 0)
				err = errno;
			else if (err == ENAMETOOLONG)
				err = 0;
			if (err == ENOENT || err == ESRCH)
				continue; /* closed while we looked */
			if (err) {
				/* Never silent: its object may be one asked for. */
				if (!unread++)
					unread_err = err;
				continue;
			}
		} else {
			link[n] = '\0';
			cls = fdlink_classify(link, &e.ino);
			if (cls == FD_PATH && (req->fd_classes & path_classes))
				cls = classify_path(idx, p, req, dfd, de->d_name, link, &e);
		}
		if (!(req->fd_classes & FD_CLASS_BIT(cls))) {
			free(e.path);
			continue;
		}
		/* The link's own mode bits carry the open mode: no fdinfo read needed.
		 * A socket is always open for both, so it needs no call at all. */
		if (cls == FD_SOCKET)
			e.access = ACCESS_READ | ACCESS_WRITE;
		else if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0)
			e.access = fdlink_access_from_mode(st.st_mode);
		e.cls = cls;
		fd_list_push(out, &e);
	}
	closedir(dir);
	if (unread)
		strvec_pushf(&out->warnings,
			     "process %d (%s): %zu descriptor%s could not be read (%s); what %s may be missing",
			     p->pid, p->command ? p->command : "?", unread, unread == 1 ? "" : "s",
			     strerror(unread_err), unread == 1 ? "it holds" : "they hold");
}

static bool already_mapped(const struct fd_list *out, size_t from, const struct fd_entry *e)
{
	for (size_t i = from; i < out->n; i++)
		if (out->v[i].cls == e->cls && out->v[i].dev == e->dev && out->v[i].ino == e->ino &&
		    out->v[i].access == e->access)
			return true;
	return false;
}

/*
 * Shared mappings of SysV segments, /dev/shm files and memfds.  One mapped in
 * several pieces (or attached twice with the same access) is one holder.
 * SysV shmids are per IPC namespace, so an attachment carries the
 * process's namespace beside the shmid.
 */
static void walk_maps(const struct procindex *idx, struct proc_info *p, uint32_t pi, int procfd,
		      const struct procindex_request *req, struct fd_list *out)
{
	char path[32];
	char *line = NULL;
	size_t cap = 0, first = out->n;
	ssize_t len;

	snprintf(path, sizeof(path), "%d/maps", p->pid);
	int fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT && errno != ESRCH)
			mark_unreadable(p, errno);
		return;
	}
	FILE *f = fdopen(fd, "r");
	if (!f) {
		close(fd);
		return;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		struct maps_line m;
		if (line[len - 1] == '\n')
			line[len - 1] = '\0';
		if (maps_parse_line(line, &m) < 0 || !m.shared)
			continue;

		struct fd_entry e = { .proc = pi, .fd = -1, .next = -1 };
		e.access = (m.readable ? ACCESS_READ : 0) | (m.writable ? ACCESS_WRITE : 0);
		if (maps_is_sysv(&m) && (req->fd_classes & FD_CLASS_BIT(FD_MAP_SYSV))) {
			e.cls = FD_MAP_SYSV;
			e.dev = p->ns[NS_IPC];
			e.ino = m.inode;
		} else if (m.inode && (req->fd_classes & FD_CLASS_BIT(FD_MAP_SHM)) &&
			   procindex_shm_fs(idx, m.dev)) {
			e.cls = FD_MAP_SHM;
			e.dev = m.dev;
			e.ino = m.inode;
		} else if (fdlink_is_memfd(m.path) && (req->fd_classes & FD_CLASS_BIT(FD_MAP_MEMFD))) {
			e.cls = FD_MAP_MEMFD;
			e.dev = m.dev;
			e.ino = m.inode;
		} else {
			continue;
		}
		if (already_mapped(out, first, &e))
			continue;
		/* A memfd known only by its mappings is named from them, and so is a
		 * /dev/shm file unlinked while mapped. */
		if (e.cls == FD_MAP_MEMFD || e.cls == FD_MAP_SHM)
			e.path = xstrdup(m.path);
		fd_list_push(out, &e);
	}
	/* EACCES shows up at the first read, not at open. */
	if (ferror(f) && (errno == EACCES || errno == EPERM))
		mark_unreadable(p, errno);
	free(line);
	fclose(f);
}

static void walk_proc(const struct procindex *idx, struct proc_info *p, uint32_t pi, int procfd,
		      const struct procindex_request *req, struct fd_list *out)
{
	if (req->fd_classes & ~FD_MAP_CLASSES)
		walk_fds(idx, p, pi, procfd, req, out);
	if ((req->needs & INDEX_NEED_MAPS) && (req->fd_classes & FD_MAP_CLASSES))
		walk_maps(idx, p, pi, procfd, req, out);
	p->container = container_of_process(procfd, p->pid);
}

static uint32_t add_proc(struct procindex *idx, int pid, uid_t uid, const char *command)
{
	if (idx->nprocs == idx->procs_cap) {
		idx->procs_cap = idx->procs_cap ? idx->procs_cap * 2 : 512;
		idx->procs = xreallocarray(idx->procs, idx->procs_cap, sizeof(*idx->procs));
	}
	idx->procs[idx->nprocs] = (struct proc_info){
		.pid = pid,
		.uid = uid,
		.command = command ? xstrdup(command) : NULL,
		.user = user_name(uid),
	};
	return (uint32_t)idx->nprocs++;
}

/*
 * The walk costs one readlinkat() (and for some classes one fstatat()) per
 * descriptor, almost all of it kernel time, and processes are independent:
 * walker threads each take the next process and keep what they find in a
 * list of their own.  The index is built from those lists afterwards, on
 * one thread, so it needs no locks.
 */
struct walker {
	struct procindex *idx;
	const struct procindex_request *req;
	int procfd;
	/* What is done per process: its namespaces first, then its descriptors. */
	bool namespaces_only;
	atomic_size_t next;
};

struct walker_thread {
	pthread_t tid;
	struct walker *w;
	struct fd_list found;
};

#define MAX_WALKERS 8

static void walk_some(struct walker *w, struct fd_list *found)
{
	size_t i;

	while ((i = atomic_fetch_add(&w->next, 1)) < w->idx->nprocs) {
		if (w->namespaces_only)
			procindex_read_namespaces(&w->idx->procs[i], w->procfd);
		else
			walk_proc(w->idx, &w->idx->procs[i], (uint32_t)i, w->procfd, w->req, found);
	}
}

static void *walker_main(void *arg)
{
	struct walker_thread *t = arg;

	walk_some(t->w, &t->found);
	return NULL;
}

static void take_list(struct procindex *idx, struct fd_list *l)
{
	for (size_t i = 0; i < l->warnings.len; i++)
		strvec_push(&idx->warnings, l->warnings.items[i]);
	free(l->warnings.items);
	if (!l->n)
		return; /* an empty list has no array to copy or free */
	if (idx->nfds + l->n > idx->fds_cap) {
		idx->fds_cap = idx->nfds + l->n;
		idx->fds = xreallocarray(idx->fds, idx->fds_cap, sizeof(*idx->fds));
	}
	memcpy(idx->fds + idx->nfds, l->v, l->n * sizeof(*l->v));
	idx->nfds += l->n;
	free(l->v);
}

static void walk_all(struct procindex *idx, const struct procindex_request *req, int procfd,
		     bool namespaces_only)
{
	struct walker w = {
		.idx = idx, .req = req, .procfd = procfd, .namespaces_only = namespaces_only
	};
	struct walker_thread threads[MAX_WALKERS - 1];
	struct fd_list mine = { 0 };
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	size_t want = cpus > 1 ? (size_t)cpus : 1, started = 0;

	/* A few processes may hold most descriptors, so the count of processes
	 * says little about the work; a thread costs microseconds. */
	if (want > MAX_WALKERS)
		want = MAX_WALKERS;
	if (want > idx->nprocs)
		want = idx->nprocs ? idx->nprocs : 1;
	atomic_init(&w.next, 0);
	for (; started + 1 < want; started++) {
		threads[started] = (struct walker_thread){ .w = &w };
		/* Without a thread the walk is only slower: this one does the rest. */
		if (pthread_create(&threads[started].tid, NULL, walker_main, &threads[started]) != 0)
			break;
	}
	walk_some(&w, &mine);
	take_list(idx, &mine);
	for (size_t t = 0; t < started; t++) {
		pthread_join(threads[t].tid, NULL);
		take_list(idx, &threads[t].found);
	}
	if (namespaces_only)
		return;
	for (size_t i = 0; i < idx->nfds; i++)
		group_fd(idx, (int32_t)i);
	for (size_t i = 0; i < idx->nprocs; i++)
		if (idx->procs[i].unreadable)
			idx->nunreadable++;
}

int procindex_build(struct procindex *idx, const struct procindex_request *req)
{
	enum pids_item items[] = { PIDS_ID_TGID, PIDS_ID_EUID, PIDS_CMD, PIDS_FLAGS };
	enum { I_PID, I_EUID, I_CMD, I_FLAGS };
	struct pids_info *info = NULL;
	struct pids_stack *stack;

	clock_gettime(CLOCK_REALTIME, &idx->started);
	int rc = procps_pids_new(&info, items, (int)ARRAY_SIZE(items));
	if (rc < 0) {
		msg_error("cannot read the process list: %s", strerror(-rc));
		return -1;
	}
	while ((stack = procps_pids_get(info, PIDS_FETCH_TASKS_ONLY))) {
		/* A kernel thread holds nothing, and only root may look: not unreadable, not listed. */
		if (PIDS_VAL(I_FLAGS, ul_int, stack, info) & PROC_FLAG_KTHREAD)
			continue;
		add_proc(idx, PIDS_VAL(I_PID, s_int, stack, info), PIDS_VAL(I_EUID, u_int, stack, info),
			 PIDS_VAL(I_CMD, str, stack, info));
	}
	procps_pids_unref(&info);
	/* From here the procs array no longer moves: walkers and entries point into it. */
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0) {
		msg_error("cannot open /proc: %s", strerror(errno));
		return -1;
	}
	/* Every kind reads its objects namespace by namespace, so these are always wanted. */
	walk_all(idx, req, procfd, true);
	procindex_gather_namespaces(idx, procfd);
	if (req->fd_classes & (FD_CLASS_BIT(FD_SHM) | FD_CLASS_BIT(FD_MAP_SHM)))
		procindex_find_shm_fs(idx);
	if (req->fd_classes) {
		walk_all(idx, req, procfd, false);
		procindex_count_readable(idx);
	}
	close(procfd);
	return 0;
}

void procindex_free(struct procindex *idx)
{
	for (size_t i = 0; i < idx->nprocs; i++)
		free(idx->procs[i].command);
	for (size_t i = 0; i < idx->nprocs; i++)
		free(idx->procs[i].container);
	for (size_t i = 0; i < idx->nfds; i++)
		free(idx->fds[i].path);
	free(idx->procs);
	free(idx->fds);
	free(idx->groups);
	free(idx->slots);
	strvec_free(&idx->warnings);
	procindex_free_namespaces(idx);
	*idx = (struct procindex){ 0 };
}

const struct proc_info *procindex_proc_of(const struct procindex *idx, const struct fd_entry *e)
{
	return &idx->procs[e->proc];
}

int procindex_stat_fd(const struct procindex *idx, const struct fd_entry *e, struct stat *st)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/fd/%d", idx->procs[e->proc].pid, e->fd);
	return stat(path, st);
}
