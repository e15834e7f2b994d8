#ifndef IPCSCOPE_DEVSHM_H
#define IPCSCOPE_DEVSHM_H

#include <sys/stat.h>

#include <stdbool.h>

struct collect_ctx;
struct ipc_object;
struct kind;

/*
 * POSIX shared memory and named semaphores are files in /dev/shm: shm_open
 * ("/NAME") makes /dev/shm/NAME and sem_open("/NAME") makes
 * /dev/shm/sem.NAME.  This walks the directory once per kind and hands each
 * regular file to the kind, with its holders by descriptor and by mapping
 * already attached, matched by device and inode.
 */
typedef void (*devshm_entry_fn)(struct ipc_object *obj, int dirfd, const char *file,
				const struct stat *st);

/* sems: true for the sem.* files, false for every other file.  -1 when /dev/shm cannot be read. */
int devshm_collect(struct collect_ctx *ctx, const struct kind *kind, bool sems,
		   devshm_entry_fn describe);

#endif
