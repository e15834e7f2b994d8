/*
 * Stale POSIX objects: shared memory and named semaphores nobody maps or
 * has open, and message queues nobody has open.  They live as files in
 * /dev/shm and /dev/mqueue, so the file's times tell their last activity,
 * and removal checks, just before, that the name is still the same inode.
 */
#include "ipc_object.h"
#include "kinds.h"
#include "stale.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Where the kind keeps the object's file: a semaphore "/x" is /dev/shm/sem.x. */
static char *file_of(const struct ipc_object *obj)
{
	if (!obj->name || obj->name[0] != '/')
		return NULL;
	if (strcmp(obj->kind->name, "posix_shm") == 0)
		return xasprintf("/dev/shm%s", obj->name);
	if (strcmp(obj->kind->name, "posix_sem") == 0)
		return xasprintf("/dev/shm/sem.%s", obj->name + 1);
	if (strcmp(obj->kind->name, "posix_mq") == 0)
		return xasprintf("/dev/mqueue%s", obj->name);
	return NULL;
}

char *posix_stale(const struct ipc_object *obj, bool *has_since, int64_t *since)
{
	char *path = file_of(obj);
	struct stat st;

	/* A queue seen only through its holders (unlinked, or no mount) is never stale. */
	if (obj->nholders || !path || lstat(path, &st) < 0 || (uint64_t)st.st_ino != obj->inode) {
		free(path);
		return NULL;
	}
	free(path);
	/*
	 * Reading a queue's file, as list does, sets its access and change
	 * times, and reading a semaphore its access time: only the times our
	 * looking leaves alone tell the last use.
	 */
	*has_since = true;
	*since = st.st_mtime;
	if (strcmp(obj->kind->name, "posix_mq") != 0 && st.st_ctime > *since)
		*since = st.st_ctime;
	return xstrdup(strcmp(obj->kind->name, "posix_mq") == 0 ? "nobody has it open"
								: "nobody maps it or has it open");
}

int posix_remove(const struct ipc_object *obj, char **why)
{
	char *path = file_of(obj);
	struct stat dir;
	int rc;

	if (!path) {
		*why = xstrdup("it has no name to remove");
		return STALE_SKIPPED;
	}
	/* The inode is the check; the device is that of the directory it is in. */
	char *slash = strrchr(path, '/');
	*slash = '\0';
	rc = stat(path, &dir);
	*slash = '/';
	if (rc < 0) {
		free(path);
		return STALE_FAILED;
	}
	rc = stale_unlink_same(path, (uint64_t)dir.st_dev, obj->inode, S_IFREG, why);
	free(path);
	return rc;
}
