/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_NAMESPACES_H
#define IPCSCOPE_NAMESPACES_H

/*
 * The namespaces a machine's processes live in.  A host is many of them
 * (containers, sandboxes, services with a private network or IPC), and a
 * socket, SysV object or /dev/shm file belongs to one: ipcscope reads each
 * namespace's objects from inside it, entered through one of its processes.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ns_type { NS_NET, NS_IPC, NS_MNT, NS_TYPES };

struct namespace {
	enum ns_type type;
	uint64_t inode; /* of /proc/PID/ns/{net,ipc,mnt}, which names it */
	/* A process in it through which it is entered or reached; 0 when none could be opened. */
	int pid;
	size_t nprocs;    /* the processes seen in it */
	size_t nreadable; /* those whose descriptors could be read */
	bool own;         /* ipcscope's own */
};

/* Own first, then by inode, so listings keep their order from run to run. */
struct namespace_set {
	struct namespace *v;
	size_t n;
};

/* "network", "IPC", "mount": for messages. */
const char *namespace_type_name(enum ns_type type);
/* "net", "ipc", "mnt": the name under /proc/PID/ns. */
const char *namespace_proc_name(enum ns_type type);

/* The inode of /proc/PID/ns/NAME (pid 0: /proc/self), read relative to an open /proc;
 * 0 when it cannot be read. */
uint64_t namespace_of_pid(int procfd, int pid, enum ns_type type);

const struct namespace *namespace_find(const struct namespace_set *set, uint64_t inode);

/*
 * Runs fn(arg) inside a network or IPC namespace: at once when it is our
 * own, else on a thread of its own that enters it with setns(), so what fn
 * opens there (a netlink socket, /proc/sysvipc, a sysctl) and the SysV
 * calls it makes belong to that namespace.  Returns fn's result, or -1 with
 * errno set when the namespace cannot be entered: no process to enter it
 * by (ESRCH), that process gone or its pid reused by one elsewhere (ESRCH),
 * or no right to (EPERM).
 */
int namespace_run(const struct namespace *ns, int (*fn)(void *arg), void *arg);

/*
 * An O_PATH descriptor of the root directory of a mount namespace's
 * process (/proc/PID/root; "/" for our own), checked to be still in that namespace after it
 * is opened; -1 with errno set otherwise.  Paths are then resolved under it
 * with openat2(RESOLVE_IN_ROOT), never by a /proc/PID/root/... string.
 */
int namespace_root_open(const struct namespace *ns);

#endif
