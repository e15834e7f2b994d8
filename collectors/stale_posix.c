/*
 * Stale POSIX objects: shared memory and named semaphores nobody maps or
 * has open, and message queues nobody has open.  They live as files in
 * /dev/shm and /dev/mqueue, so the file's times tell their last activity,
 * and removal checks, just before, that the name is still the same inode.
 */
#include "file_place.h"
#include "ipc_object.h"
#include "kinds.h"
#include "stale.h"
#include "stale_posix.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The object's file: a semaphore "/x" is /dev/shm/sem.x. */
static char *file_of(const struct posix_files *files, const struct ipc_object *obj)
{
	if (!obj->name || obj->name[0] != '/')
		return NULL;
	return xasprintf("%s/%s%s", files->dir, files->prefix, obj->name + 1);
}

char *posix_stale(const struct ipc_object *obj, bool *has_since, int64_t *since)
{
	const struct posix_files *files = obj->kind->posix_files;
	char *path = file_of(files, obj);
	struct stat st;

	/* A queue seen only through its holders (unlinked, or no mount) is never stale. */
	if (obj->nholders || !path || lstat(path, &st) < 0 || (uint64_t)st.st_ino != obj->inode) {
		free(path);
		return NULL;
	}
	free(path);
	*has_since = true;
	*since = st.st_mtime;
	if (files->ctime_is_use && st.st_ctime > *since)
		*since = st.st_ctime;
	return xstrdup(files->reason);
}

/*
 * The directory is the system's own (root's, sticky), but the file's name
 * is given again only relative to it, never as a path, and must still be
 * the regular file of that inode on the directory's filesystem.
 */
int posix_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why)
{
	(void)fresh;
	char *path = file_of(obj->kind->posix_files, obj);
	struct stat dir;
	int rc;

	if (!path) {
		*why = xstrdup("it has no name to remove");
		return STALE_SKIPPED;
	}
	char *slash = strrchr(path, '/');
	*slash = '\0';
	int dfd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0 || fstat(dfd, &dir) < 0) {
		rc = STALE_FAILED;
	} else {
		rc = file_place_unlink_at(dfd, slash + 1, (uint64_t)dir.st_dev, obj->inode, S_IFREG,
					  NULL, NULL, why);
	}
	int err = errno;
	if (dfd >= 0)
		close(dfd);
	free(path);
	errno = err;
	return rc;
}
