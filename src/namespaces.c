/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "namespaces.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const type_names[NS_TYPES] = { "network", "IPC", "mount" };
static const char *const proc_names[NS_TYPES] = { "net", "ipc", "mnt" };

const char *namespace_type_name(enum ns_type type)
{
	return type_names[type];
}

const char *namespace_proc_name(enum ns_type type)
{
	return proc_names[type];
}

uint64_t namespace_of_pid(int procfd, int pid, enum ns_type type)
{
	char path[48], link[64];
	uint64_t ino;

	if (pid > 0)
		snprintf(path, sizeof(path), "%d/ns/%s", pid, proc_names[type]);
	else
		snprintf(path, sizeof(path), "self/ns/%s", proc_names[type]);
	ssize_t n = readlinkat(procfd, path, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = '\0';
	/* "net:[4026531833]": the name must be the type's, so a garbled link is no namespace. */
	size_t len = strlen(proc_names[type]);
	if (strncmp(link, proc_names[type], len) != 0 || strncmp(link + len, ":[", 2) != 0)
		return 0;
	const char *end = parse_digits(link + len + 2, 10, UINT64_MAX, &ino);
	if (!end || strcmp(end, "]") != 0 || !ino)
		return 0;
	return ino;
}

const struct namespace *namespace_find(const struct namespace_set *set, uint64_t inode)
{
	size_t lo = 0, hi = set->n;

	/* Our own comes first, the rest by inode. */
	if (hi && set->v[0].own) {
		if (set->v[0].inode == inode)
			return &set->v[0];
		lo = 1;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (set->v[mid].inode == inode)
			return &set->v[mid];
		if (set->v[mid].inode < inode)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* A descriptor of /proc/PID/ns/NAME that is still the namespace meant, or -1 with errno. */
static int open_namespace(const struct namespace *ns, int flags)
{
	char path[64];
	struct stat st;

	if (ns->pid <= 0) {
		errno = ESRCH;
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%d/ns/%s", ns->pid, proc_names[ns->type]);
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* The pid may have ended and been reused by a process elsewhere since the walk. */
	if (fstat(fd, &st) != 0 || st.st_ino != ns->inode) {
		close(fd);
		errno = ESRCH;
		return -1;
	}
	return fd;
}

struct entered_call {
	int nsfd, nstype;
	int (*fn)(void *arg);
	void *arg;
	int result, err;
};

static void *run_entered(void *arg)
{
	struct entered_call *call = arg;

	/* Only this thread moves: network and IPC namespaces are per thread. */
	if (setns(call->nsfd, call->nstype) != 0) {
		call->result = -1;
		call->err = errno;
		return NULL;
	}
	errno = 0;
	call->result = call->fn(call->arg);
	call->err = errno;
	return NULL;
}

int namespace_run(const struct namespace *ns, int (*fn)(void *arg), void *arg)
{
	if (ns->own)
		return fn(arg);
	if (ns->type == NS_MNT) {
		/* A thread of a process with others cannot change its mount namespace. */
		errno = EINVAL;
		return -1;
	}
	struct entered_call call = {
		.nstype = ns->type == NS_NET ? CLONE_NEWNET : CLONE_NEWIPC,
		.fn = fn,
		.arg = arg,
	};
	call.nsfd = open_namespace(ns, O_RDONLY);
	if (call.nsfd < 0)
		return -1;
	pthread_t tid;
	int rc = pthread_create(&tid, NULL, run_entered, &call);
	if (rc != 0) {
		close(call.nsfd);
		errno = rc;
		return -1;
	}
	pthread_join(tid, NULL);
	close(call.nsfd);
	errno = call.err;
	return call.result;
}

int namespace_root_open(const struct namespace *ns)
{
	char path[64];

	if (ns->type == NS_MNT && ns->own)
		return open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (ns->type != NS_MNT || ns->pid <= 0) {
		errno = ns->type != NS_MNT ? EINVAL : ESRCH;
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%d/root", ns->pid);
	int root = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (root < 0)
		return -1;
	/* Checked after the open: a pid reused since then would show another namespace here. */
	int check = open_namespace(ns, O_RDONLY);
	if (check < 0) {
		int err = errno;
		close(root);
		errno = err;
		return -1;
	}
	close(check);
	return root;
}
