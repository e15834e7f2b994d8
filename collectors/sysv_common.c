/* What the three SysV kinds share: the key, the owner, pids and where they come from. */
#include "sysv_common.h"
#include "collect.h"
#include "kinds.h"
#include "strvec.h"
#include "sysvipc_table.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

const struct attr_def attr_sysv_key = {
	.json = "key", .column = "KEY", .type = ATTR_STR, .width_hint = 10,
	.help = "key as hex; 0x00000000 is IPC_PRIVATE",
};
const struct attr_def attr_sysv_cuid = {
	.json = "cuid", .column = "CUID", .type = ATTR_UINT, .width_hint = 5,
	.col_flags = COL_RIGHT, .help = "creator's user id",
};
const struct attr_def attr_sysv_cgid = {
	.json = "cgid", .column = "CGID", .type = ATTR_UINT, .width_hint = 5,
	.col_flags = COL_RIGHT, .help = "creator's group id",
};
const struct attr_def attr_sysv_ctime = {
	.json = "ctime", .column = "CTIME", .type = ATTR_TIME, .width_hint = 20,
	.help = "last change of owner or mode (or creation), UTC",
};

static FILE *sysvipc_open(const char *file)
{
	const char *use = getenv("IPCSCOPE_PROC_SYSVIPC");
	char path[64];

	if (use && strcmp(use, "off") == 0)
		return NULL;
	snprintf(path, sizeof(path), "/proc/sysvipc/%s", file);
	return fopen(path, "re");
}

int sysv_collect(struct collect_ctx *ctx, const struct kind *self, const char *file,
		 const char *const *columns, size_t ncolumns, void (*row)(const int64_t *, void *),
		 int (*fallback)(struct collect_ctx *, const struct kind *))
{
	struct sysv_ctx rows = { ctx, self };
	struct sysvipc_result res;
	FILE *f = sysvipc_open(file);

	if (!f)
		return fallback(ctx, self);
	int rc = sysvipc_table_read(f, columns, ncolumns, row, &rows, &res);
	fclose(f);
	if (rc < 0)
		return fallback(ctx, self);
	if (res.malformed)
		strvec_pushf(ctx->warnings, "/proc/sysvipc/%s: %zu malformed line%s left out",
			     file, res.malformed, res.malformed == 1 ? "" : "s");
	return 0;
}

struct ipc_object *sysv_object_new(const struct kind *kind, const struct attr_def *id_attr,
				   const struct sysv_perm *perm)
{
	struct ipc_object *obj = ipc_object_new(kind);
	char *key = xasprintf("0x%08x", (uint32_t)perm->key);

	obj->id = xasprintf("%u", perm->id);
	/* The key is what programs agree on, so it is the name; IPC_PRIVATE has none. */
	obj->name = perm->key ? xstrdup(key) : NULL;
	obj->has_uid = obj->has_gid = obj->has_mode = true;
	obj->uid = perm->uid;
	obj->gid = perm->gid;
	obj->mode = perm->mode & 0777;
	ipc_object_set_uint(obj, id_attr, perm->id);
	ipc_object_set_str(obj, &attr_sysv_key, key);
	ipc_object_set_uint(obj, &attr_sysv_cuid, perm->cuid);
	ipc_object_set_uint(obj, &attr_sysv_cgid, perm->cgid);
	free(key);
	return obj;
}

void sysv_set_pid(struct ipc_object *obj, const struct attr_def *pid_attr,
		  const struct attr_def *alive_attr, int64_t pid)
{
	/* Past the pid range the value is garbled, and kill() would take it for a group or for -1. */
	if (pid <= 0 || pid > INT32_MAX)
		return;
	ipc_object_set_int(obj, pid_attr, pid);
	/* EPERM: it exists but is not ours to signal; no signal is sent either way. */
	ipc_object_set_bool(obj, alive_attr, kill((pid_t)pid, 0) == 0 || errno == EPERM);
}
