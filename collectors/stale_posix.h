#ifndef IPCSCOPE_STALE_POSIX_H
#define IPCSCOPE_STALE_POSIX_H

#include <stdbool.h>
#include <stdint.h>

struct ipc_object;
struct snapshot;

/* Where a POSIX kind keeps its objects as files, and what those files tell of their use. */
struct posix_files {
	const char *dir;    /* "/dev/shm" */
	const char *prefix; /* before the object's name without its slash: "sem." */
	/*
	 * Whether the file's change time is a use too.  Reading a queue's
	 * file, as list does, sets its change time (and reading a semaphore
	 * its access time): only the times our looking leaves alone count.
	 */
	bool ctime_is_use;
	const char *reason; /* why one is stale: "nobody has it open" */
};

/* The stale_reason and remove hooks of the kinds that set posix_files (struct kind). */
char *posix_stale(const struct ipc_object *obj, bool *has_since, int64_t *since);
int posix_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why);

#endif
