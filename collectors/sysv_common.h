/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SYSV_COMMON_H
#define IPCSCOPE_SYSV_COMMON_H

#include "ipc_object.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct collect_ctx;
struct namespace;

/* What every SysV object has, from /proc/sysvipc or an *_STAT call. */
struct sysv_perm {
	int32_t key;
	uint32_t id;
	uint32_t uid, gid, cuid, cgid;
	unsigned mode; /* with the kernel's flag bits above 0777 (SHM_DEST, SHM_LOCKED) */
};

extern const struct attr_def attr_sysv_key, attr_sysv_cuid, attr_sysv_cgid, attr_sysv_ctime,
	attr_sysv_ipcns;

/*
 * One IPC namespace's objects of one kind being read, from a thread inside
 * that namespace: what the row and fallback callbacks get.
 */
struct sysv_ctx {
	struct collect_ctx *collect;
	const struct kind *self;
	/* The namespace; NULL when ours could not be told by its inode (read where we are). */
	const struct namespace *ns;
	char where[48]; /* " in IPC namespace N" for messages; "" for our own */
};

/* Where a kind's objects are read from, in each IPC namespace. */
struct sysv_source {
	const char *file; /* under /proc/sysvipc */
	const char *const *columns;
	size_t ncolumns;
	void (*row)(const int64_t *values, void *sysv_ctx);
	/* The *_STAT calls, for when the file cannot be read; -1 when they fail too. */
	int (*fallback)(struct sysv_ctx *c);
};

/*
 * Read the kind's objects in every IPC namespace the selection wants, each
 * from inside it: /proc/sysvipc/FILE, handing each row's wanted columns to
 * `row`; when the file is missing, unreadable or laid out unlike we know
 * (or IPCSCOPE_PROC_SYSVIPC=off), `fallback`.  A namespace that cannot be
 * entered is a warning; -1 only when our own could not be listed at all.
 */
int sysv_collect(struct collect_ctx *ctx, const struct kind *self, const struct sysv_source *src);

/*
 * A new object with id, name (the key, unless IPC_PRIVATE), owner, mode,
 * key and namespace set.  Its id is the kernel's, with "@<ipcns>" after it
 * in a namespace other than ours, since ids repeat from one to the next.
 */
struct ipc_object *sysv_object_new(const struct sysv_ctx *c, const struct attr_def *id_attr,
				   const struct sysv_perm *perm);
/* The inode of the namespace being read; 0 when ours could not be told. */
uint64_t sysv_ipcns(const struct sysv_ctx *c);
/* A pid and whether it is still alive; pid 0 (none yet) leaves both null. */
void sysv_set_pid(struct ipc_object *obj, const struct attr_def *pid_attr,
		  const struct attr_def *alive_attr, int64_t pid);

#endif
