/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "blocked_threads.h"
#include "container.h"
#include "ipc_object.h"
#include "users.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

/* Kernel threads make no system calls of their own: nothing to read, nothing to doubt. */
static bool kernel_thread(int pid)
{
	char path[32], buf[1024];
	unsigned long flags = 0;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* The command may hold anything, ')' too: the fields start after the last one. */
	char *end = strrchr(buf, ')');
	return end && sscanf(end + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) == 1 &&
	       (flags & PROC_FLAG_KTHREAD);
}

/* The first line of a small /proc file, without its newline; false when unreadable. */
static bool read_line(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return false;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return true;
}

static struct fifo_opener *new_opener(struct blocked_threads *bt, enum fifo_opener_state state,
				      int pid, int tid)
{
	char path[64], text[256];
	unsigned ruid, euid;

	if (bt->nopeners == bt->openers_cap) {
		bt->openers_cap = bt->openers_cap ? bt->openers_cap * 2 : 8;
		bt->openers = xreallocarray(bt->openers, bt->openers_cap, sizeof(*bt->openers));
	}
	struct fifo_opener *o = &bt->openers[bt->nopeners++];
	*o = (struct fifo_opener){ .state = state, .tid = tid, .proc = { .pid = pid } };
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	if (read_line(path, text, sizeof(text)))
		o->proc.command = xstrdup(text);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	FILE *f = fopen(path, "re");
	while (f && fgets(text, sizeof(text), f))
		if (sscanf(text, "Uid: %u %u", &ruid, &euid) == 2) {
			o->proc.uid = euid;
			o->proc.user = user_name(euid);
			break;
		}
	if (f)
		fclose(f);
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd >= 0) {
		o->proc.container = container_of_process(procfd, pid);
		close(procfd);
	}
	return o;
}

/* The thread's own IPC namespace: a thread may have entered another than its process's. */
static uint64_t thread_ipcns(int pid, int tid)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/ns/ipc", pid, tid);
	return stat(path, &st) == 0 ? (uint64_t)st.st_ino : 0;
}

static void push_msqid(struct blocked_threads *bt, int pid, int tid, int msqid)
{
	if (bt->nmsqids == bt->msqids_cap) {
		bt->msqids_cap = bt->msqids_cap ? bt->msqids_cap * 2 : 16;
		bt->msqids = xreallocarray(bt->msqids, bt->msqids_cap, sizeof(*bt->msqids));
	}
	bt->msqids[bt->nmsqids++] = (struct queue_waiter){ thread_ipcns(pid, tid), msqid };
}

static bool open_call(long nr)
{
#ifdef SYS_open
	if (nr == SYS_open)
		return true;
#endif
	return nr == SYS_openat || nr == SYS_openat2;
}

/*
 * Copy a string out of another process, up to len bytes with its NUL; 0 or
 * an errno.  The read is split at page boundaries, as process_vm_readv()
 * stops at the first piece it cannot read but never inside one: a path
 * near the end of a mapping is still read.
 */
static int read_remote_string(int pid, uint64_t addr, char *buf, size_t len)
{
	const uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	struct iovec local = { .iov_base = buf }, remote[4];
	unsigned long n = 0;

	for (uint64_t at = addr; local.iov_len < len && n < ARRAY_SIZE(remote); n++) {
		size_t chunk = (size_t)(page - at % page);
		if (chunk > len - local.iov_len)
			chunk = len - local.iov_len;
		remote[n] = (struct iovec){ .iov_base = (void *)(uintptr_t)at, .iov_len = chunk };
		local.iov_len += chunk;
		at += chunk;
	}
	ssize_t got = process_vm_readv(pid, &local, 1, remote, n, 0);
	if (got < 0)
		return errno;
	if (!memchr(buf, '\0', (size_t)got))
		return (size_t)got == len ? ENAMETOOLONG : EFAULT;
	return 0;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/*
 * Open (O_PATH: no reader or writer is added) what the thread's path names,
 * as its own lookup would: an absolute path from its root, a relative one
 * from its working directory or the directory descriptor it passed.  A
 * relative path of a thread in another root or mount namespace would follow
 * an absolute link in ours, so there it may cross no link at all.  The
 * descriptor, or -errno.
 */
static int open_as_thread(int pid, int tid, int dirfd, const char *path, uint64_t flags,
			  uint64_t resolve)
{
	char base[64], root[64], ns[64];

	resolve &= ~(uint64_t)RESOLVE_CACHED;
	if (path[0] == '/' && !(resolve & RESOLVE_IN_ROOT)) {
		snprintf(base, sizeof(base), "/proc/%d/task/%d/root", pid, tid);
		resolve |= RESOLVE_IN_ROOT;
	} else if (dirfd == AT_FDCWD) {
		snprintf(base, sizeof(base), "/proc/%d/task/%d/cwd", pid, tid);
	} else {
		snprintf(base, sizeof(base), "/proc/%d/task/%d/fd/%d", pid, tid, dirfd);
	}
	snprintf(root, sizeof(root), "/proc/%d/task/%d/root", pid, tid);
	snprintf(ns, sizeof(ns), "/proc/%d/task/%d/ns/mnt", pid, tid);
	if (!(resolve & RESOLVE_IN_ROOT) &&
	    !(same_file(root, "/") && same_file(ns, "/proc/self/ns/mnt")))
		resolve |= RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH;

	int dfd = open(base, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	struct open_how how = { .flags = O_PATH | O_CLOEXEC | (flags & O_NOFOLLOW),
				.resolve = resolve };
	int fd = (int)syscall(SYS_openat2, dfd, path, &how, sizeof(how));
	int err = errno;
	close(dfd);
	return fd < 0 ? -err : fd;
}

/* A thread blocked opening a FIFO: which one, by (device, inode), or why not. */
static void add_fifo_opener(struct blocked_threads *bt, int pid, int tid, long nr,
			    const unsigned long long *arg)
{
	struct fifo_opener *o = new_opener(bt, OPENER_UNKNOWN, pid, tid);
	int dirfd = AT_FDCWD;
	uint64_t path_at = arg[0], flags = arg[1], resolve = 0;
	char path[PATH_MAX];
	struct stat st;

	bool plain_open = false;
#ifdef SYS_open
	plain_open = nr == SYS_open;
#endif
	if (!plain_open) {
		dirfd = (int)(uint32_t)arg[0]; /* an int: AT_FDCWD shows as 0xffffff9c */
		path_at = arg[1];
		flags = arg[2];
	}
	if (nr == SYS_openat2) {
		struct open_how how;
		struct iovec local = { &how, sizeof(how) };
		struct iovec remote = { (void *)(uintptr_t)arg[2], sizeof(how) };
		if (arg[3] < sizeof(how) ||
		    process_vm_readv(pid, &local, 1, &remote, 1, 0) != (ssize_t)sizeof(how)) {
			o->why = xasprintf("its open_how could not be read: %s", strerror(errno));
			return;
		}
		flags = how.flags;
		resolve = how.resolve;
	}
	/* O_RDWR never waits: a reader waits for a writer, or a writer for a reader. */
	o->access = (flags & O_ACCMODE) == O_WRONLY ? ACCESS_WRITE : ACCESS_READ;
	int err = read_remote_string(pid, path_at, path, sizeof(path));
	if (err) {
		o->why = xasprintf("its path could not be read: %s", strerror(err));
		return;
	}
	int fd = open_as_thread(pid, tid, dirfd, path, flags, resolve);
	if (fd < 0) {
		o->why = xasprintf("%s cannot be found from it: %s", path, strerror(-fd));
		return;
	}
	err = fstat(fd, &st) < 0 ? errno : 0;
	close(fd);
	if (err || !S_ISFIFO(st.st_mode)) {
		o->why = xasprintf("%s is not a FIFO now", path);
		return;
	}
	o->state = OPENER_FOUND;
	o->dev = st.st_dev;
	o->ino = st.st_ino;
}

/* Whether the thread sleeps where the kernel parks an open() of a FIFO; -1 when unknown. */
static int waits_for_fifo_partner(int pid, int tid)
{
	char path[64], wchan[128];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/wchan", pid, tid);
	if (!read_line(path, wchan, sizeof(wchan)))
		return -1;
	if (strcmp(wchan, "wait_for_partner") == 0)
		return 1;
	/* "0": running again; a bare number: a kernel without symbols, so no telling. */
	return strcmp(wchan, "0") != 0 && wchan[0] >= '0' && wchan[0] <= '9' ? -1 : 0;
}

static void note_unread(struct blocked_threads *bt, int pid, int err, bool *noted)
{
	if (*noted)
		return;
	*noted = true;
	new_opener(bt, OPENER_UNREAD, pid, -1)->why = xstrdup(strerror(err));
}

static void scan_thread(struct blocked_threads *bt, int pid, int tid, bool *unread)
{
	char path[64], text[512];
	long nr;
	unsigned long long arg[6];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/syscall", pid, tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == EACCES || errno == EPERM) {
			bt->msg_incomplete = true;
			note_unread(bt, pid, errno, unread);
		}
		return;
	}
	ssize_t n = read(fd, text, sizeof(text) - 1);
	int err = errno;
	close(fd);
	if (n < 0) {
		/* Denied at the read, not the open: root reading a process some
		 * security module shields.  Such processes were never counted
		 * against a queue, and are not now; a FIFO's judgement weighs them. */
		if (err == EACCES || err == EPERM)
			note_unread(bt, pid, err, unread);
		return;
	}
	text[n] = '\0';
	/* "running", or "-1 SP PC" outside a system call, is not blocked in one. */
	if (sscanf(text, "%ld %llx %llx %llx %llx %llx %llx", &nr, &arg[0], &arg[1], &arg[2],
		   &arg[3], &arg[4], &arg[5]) != 7)
		return;
	if ((nr == SYS_msgrcv || nr == SYS_msgsnd) && arg[0] <= INT32_MAX) {
		push_msqid(bt, pid, tid, (int)arg[0]);
	} else if (open_call(nr)) {
		int waits = waits_for_fifo_partner(pid, tid);
		if (waits > 0)
			add_fifo_opener(bt, pid, tid, nr, arg);
		else if (waits < 0)
			new_opener(bt, OPENER_UNKNOWN, pid, tid)->why =
				xstrdup("where it waits could not be read");
	}
}

void blocked_threads_scan(struct blocked_threads *bt)
{
	DIR *proc = opendir("/proc");
	struct dirent *p;

	*bt = (struct blocked_threads){ 0 };
	if (!proc) {
		bt->msg_incomplete = true;
		note_unread(bt, 0, errno, &(bool){ false });
		return;
	}
	while ((p = readdir(proc))) {
		int pid, tid;
		if (parse_pid(p->d_name, &pid) < 0 || kernel_thread(pid))
			continue;
		char path[32];
		snprintf(path, sizeof(path), "/proc/%d/task", pid);
		DIR *tasks = opendir(path);
		struct dirent *t;
		bool unread = false;
		while (tasks && (t = readdir(tasks)))
			if (parse_pid(t->d_name, &tid) == 0)
				scan_thread(bt, pid, tid, &unread);
		if (tasks)
			closedir(tasks);
	}
	closedir(proc);
}

void blocked_threads_free(struct blocked_threads *bt)
{
	for (size_t i = 0; i < bt->nopeners; i++) {
		free(bt->openers[i].proc.command);
		free(bt->openers[i].proc.container);
		free(bt->openers[i].why);
	}
	free(bt->openers);
	free(bt->msqids);
	*bt = (struct blocked_threads){ 0 };
}

long blocked_threads_on_queue(const struct blocked_threads *bt, uint64_t ipcns, int msqid)
{
	long n = 0;

	if (bt->msg_incomplete)
		return -1;
	for (size_t i = 0; i < bt->nmsqids; i++) {
		const struct queue_waiter *w = &bt->msqids[i];
		if (w->msqid != msqid || (ipcns && w->ipcns && w->ipcns != ipcns))
			continue;
		/* The same id in a namespace we cannot tell may or may not be this queue. */
		if (ipcns && !w->ipcns)
			return -1;
		n++;
	}
	return n;
}

static bool index_could_not_read(const struct procindex *idx, int pid)
{
	for (size_t i = 0; i < idx->nprocs; i++)
		if (idx->procs[i].pid == pid)
			return idx->procs[i].unreadable != NULL;
	return false;
}

const struct fifo_opener *blocked_threads_fifo_doubt(const struct blocked_threads *bt,
						     const struct procindex *idx)
{
	for (size_t i = 0; i < bt->nopeners; i++) {
		const struct fifo_opener *o = &bt->openers[i];
		if (o->state == OPENER_UNKNOWN ||
		    (o->state == OPENER_UNREAD && !index_could_not_read(idx, o->proc.pid)))
			return o;
	}
	return NULL;
}

char *fifo_opener_describe(const struct fifo_opener *o)
{
	const char *command = o->proc.command ? o->proc.command : "?";

	switch (o->state) {
	case OPENER_FOUND:
		return xasprintf("a process (%d/%s) is blocked opening it", o->proc.pid, command);
	case OPENER_UNKNOWN:
		return xasprintf("a process (%d/%s) is blocked opening a FIFO that cannot be told "
				 "(%s): it may be this one",
				 o->proc.pid, command, o->why ? o->why : "?");
	case OPENER_UNREAD:
		break;
	}
	return xasprintf("the system calls of process %d/%s could not be read (%s): it may be "
			 "blocked opening it",
			 o->proc.pid, command, o->why ? o->why : "?");
}

bool fifo_has_blocked_opener(const struct procindex *idx, uint64_t dev, uint64_t ino, char **why)
{
	struct blocked_threads bt;
	const struct fifo_opener *hit = NULL;

	blocked_threads_scan(&bt);
	for (size_t i = 0; i < bt.nopeners && !hit; i++)
		if (bt.openers[i].state == OPENER_FOUND && bt.openers[i].dev == dev &&
		    bt.openers[i].ino == ino)
			hit = &bt.openers[i];
	if (!hit)
		hit = blocked_threads_fifo_doubt(&bt, idx);
	if (hit)
		*why = fifo_opener_describe(hit);
	blocked_threads_free(&bt);
	return hit != NULL;
}
