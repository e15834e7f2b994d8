#ifndef IPCSCOPE_SYSV_COMMON_H
#define IPCSCOPE_SYSV_COMMON_H

#include "ipc_object.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct collect_ctx;

/* What every SysV object has, from /proc/sysvipc or an *_STAT call. */
struct sysv_perm {
	int32_t key;
	uint32_t id;
	uint32_t uid, gid, cuid, cgid;
	unsigned mode; /* with the kernel's flag bits above 0777 (SHM_DEST, SHM_LOCKED) */
};

extern const struct attr_def attr_sysv_key, attr_sysv_cuid, attr_sysv_cgid, attr_sysv_ctime;

/* What a row callback gets as its context. */
struct sysv_ctx {
	struct collect_ctx *collect;
	const struct kind *self;
};

/*
 * Read /proc/sysvipc/FILE, handing each row's wanted columns to `row`; when
 * the file is missing, unreadable or laid out unlike we know (or
 * IPCSCOPE_PROC_SYSVIPC=off), call `fallback`, which uses the *_STAT calls
 * and returns -1 when the kernel's table cannot be listed either.
 */
int sysv_collect(struct collect_ctx *ctx, const struct kind *self, const char *file,
		 const char *const *columns, size_t ncolumns, void (*row)(const int64_t *, void *),
		 int (*fallback)(struct collect_ctx *, const struct kind *));

/* A new object with id, name (the key, unless IPC_PRIVATE), owner, mode and key set. */
struct ipc_object *sysv_object_new(const struct kind *kind, const struct attr_def *id_attr,
				   const struct sysv_perm *perm);
/* A pid and whether it is still alive; pid 0 (none yet) leaves both null. */
void sysv_set_pid(struct ipc_object *obj, const struct attr_def *pid_attr,
		  const struct attr_def *alive_attr, int64_t pid);

#endif
