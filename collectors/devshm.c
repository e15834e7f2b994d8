#include "devshm.h"
#include "collect.h"
#include "ipc_object.h"
#include "kinds.h"
#include "procindex.h"
#include "strvec.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define SEM_PREFIX "sem."

int devshm_collect(struct collect_ctx *ctx, const struct kind *kind, bool sems,
		   devshm_entry_fn describe)
{
	const struct procindex *idx = ctx->idx;
	DIR *dir = opendir("/dev/shm");
	struct dirent *de;

	if (!dir) {
		strvec_pushf(ctx->warnings, "%s: cannot read /dev/shm: %s", kind->name,
			     strerror(errno));
		return -1;
	}
	while ((de = readdir(dir))) {
		struct stat st;
		bool is_sem = strncmp(de->d_name, SEM_PREFIX, strlen(SEM_PREFIX)) == 0;

		if (de->d_name[0] == '.' || is_sem != sems)
			continue;
		if (fstatat(dirfd(dir), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode))
			continue; /* gone since readdir, or not something shm_open made */

		struct ipc_object *obj = ipc_object_new(kind);
		/* The name as programs pass it to shm_open() or sem_open(). */
		obj->name = xasprintf("/%s", de->d_name + (is_sem ? strlen(SEM_PREFIX) : 0));
		obj->id = xstrdup(obj->name);
		obj->has_inode = true;
		obj->inode = st.st_ino;
		ipc_object_set_owner(obj, &st);
		/* By inode, never by path text: glibc maps a new semaphore under a
		 * temporary name before it links it, and a deleted file keeps its inode. */
		ipc_object_add_group_holders(obj, idx, procindex_find(idx, FD_SHM, st.st_dev, st.st_ino));
		ipc_object_add_group_holders(obj, idx,
					     procindex_find(idx, FD_MAP_SHM, st.st_dev, st.st_ino));
		describe(obj, dirfd(dir), de->d_name, &st);
		collect_add(ctx, obj);
	}
	closedir(dir);
	return 0;
}
