/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_PROCINDEX_H
#define IPCSCOPE_PROCINDEX_H

#include "fdlink.h"
#include "file_set.h"
#include "namespaces.h"
#include "strvec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

struct stat;

/* The task flag of a kernel thread (PF_KTHREAD in linux/sched.h): it has no descriptors. */
#define PROC_FLAG_KTHREAD 0x00200000UL

/* Extra per-descriptor work a kind may ask for; none of it is done unless asked. */
enum {
	INDEX_NEED_PATH_STAT = 1 << 0, /* stat() path descriptors: FIFOs, files in /dev/shm */
	INDEX_NEED_MQUEUE = 1 << 1,    /* statfs() "/NAME" descriptors to find message queues */
	INDEX_NEED_MAPS = 1 << 2,      /* read /proc/PID/maps for shared memory mappings */
};

/* The classes that come from /proc/PID/maps rather than from descriptors. */
#define FD_MAP_CLASSES \
	(FD_CLASS_BIT(FD_MAP_SHM) | FD_CLASS_BIT(FD_MAP_SYSV) | FD_CLASS_BIT(FD_MAP_MEMFD))

struct procindex_request {
	unsigned fd_classes;  /* FD_CLASS_BIT()s to keep; 0: no descriptor walk at all */
	unsigned needs;       /* INDEX_NEED_* */
	struct file_set files; /* FD_FILE: the files wanted, sealed before the walk */
};

struct proc_info {
	int pid;
	uid_t uid; /* effective uid */
	char *command;
	const char *user; /* NULL when the uid has no name */
	const char *unreadable; /* why its descriptors could not be read, or NULL */
	uint64_t ns[NS_TYPES];  /* its namespaces' inodes; 0 when they cannot be read */
	char *container; /* "docker:ID", "systemd:cron.service" (container.h), or NULL */
};

struct fd_entry {
	uint32_t proc; /* index into procindex.procs */
	int32_t next;  /* next descriptor of the same object, -1 at the end */
	enum fd_class cls;
	int fd;       /* -1 for a mapping */
	unsigned access;
	uint64_t dev, ino;
	char *path; /* link or maps text, kept for FD_FIFO, FD_SHM, FD_MAP_SHM, FD_MQUEUE, FD_FILE, memfds;
		     * NULL for a FIFO, /dev/shm file or locked file whose path is longer than
		     * PATH_MAX, which the kernel cannot write out */
};

/* A /dev/shm filesystem: ours, or one a mount namespace has of its own. */
struct shm_fs {
	uint64_t dev;
	uint64_t mntns; /* the first mount namespace (ours first) whose /dev/shm it is */
	int pid;        /* a process of that namespace, whose /proc/PID/root reaches it; 0 for ours */
	bool own;       /* our own /dev/shm */
};

/* All descriptors on one object, e.g. both ends of a pipe. */
struct fd_group {
	enum fd_class cls;
	uint64_t dev, ino;
	int32_t first, last;
	uint32_t count;
};

struct procindex {
	struct proc_info *procs;
	size_t nprocs, procs_cap;
	struct fd_entry *fds;
	size_t nfds, fds_cap;
	struct fd_group *groups;
	size_t ngroups, groups_cap;
	uint32_t *slots; /* hash of (class, dev, ino) -> group index + 1; 0 is empty */
	size_t nslots;
	size_t nunreadable;
	struct strvec warnings; /* descriptors that could not be read, one line per process */
	/* The namespaces the processes live in, always found, and our own (0 unknown). */
	struct namespace_set ns[NS_TYPES];
	uint64_t own_ns[NS_TYPES];
	/*
	 * The /dev/shm filesystems of those namespaces, found when the request
	 * wants FD_SHM or FD_MAP_SHM: a regular file on any of them is
	 * POSIX shared memory or a named semaphore.
	 */
	struct shm_fs *shm_fs;
	size_t nshm_fs;
	/* When the walk began (CLOCK_REALTIME): a file changed since may have holders it missed. */
	struct timespec started;
};

/*
 * FD_MAP_SYSV entries carry the attaching process's IPC namespace as
 * their dev (0 when unknown) and the shmid as their inode: shmids repeat
 * from one namespace to the next, so one segment's attachments are
 * procindex_find(idx, FD_MAP_SYSV, ipcns, shmid).
 */

/* Walk /proc once.  Returns 0, or -1 when the walk could not start at all. */
int procindex_build(struct procindex *idx, const struct procindex_request *req);
void procindex_free(struct procindex *idx);

const struct fd_group *procindex_find(const struct procindex *idx, enum fd_class cls,
				      uint64_t dev, uint64_t ino);
/* The /dev/shm filesystem with this device, or NULL. */
const struct shm_fs *procindex_shm_fs(const struct procindex *idx, uint64_t dev);

const struct proc_info *procindex_proc_of(const struct procindex *idx, const struct fd_entry *e);
/* stat() through /proc/PID/fd/N: the object's own inode, owner and mode. */
int procindex_stat_fd(const struct procindex *idx, const struct fd_entry *e, struct stat *st);

#define procindex_foreach_in_group(idx, g, e) \
	for (const struct fd_entry *e = (g)->first >= 0 ? &(idx)->fds[(g)->first] : NULL; e; \
	     e = e->next >= 0 ? &(idx)->fds[e->next] : NULL)

#endif
