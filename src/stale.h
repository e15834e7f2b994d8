/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_STALE_H
#define IPCSCOPE_STALE_H

/*
 * Stale objects: ones nothing uses any more, left behind by a process that
 * crashed or forgot.  Each kind that can have them says why one is stale
 * (struct kind's stale_reason) and how to remove one safely (remove).
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

struct collect_ctx;
struct ipc_object;
struct kind;
struct selection;
struct snapshot;
struct strvec;

/* What a kind's remove() did. */
enum { STALE_REMOVED = 0, STALE_SKIPPED = 1, STALE_FAILED = -1 };

/* Judge obj for the selection: mark it stale with a reason, or not (--older-than too). */
void stale_judge(const struct selection *sel, struct ipc_object *obj);

/* Whether a process with this pid runs (kill 0: EPERM means it does). */
bool stale_pid_alive(int64_t pid);
/* The latest of a file's modification, change and access times. */
int64_t stale_last_activity(const struct stat *st);

/* A file the search found, with what is needed to find it again safely (struct file_place). */
struct found_file {
	const char *path; /* for people: the search root and the way below it */
	const struct stat *st;
	int dfd;          /* its directory, open */
	const char *name; /* its name there */
	const char *root; /* the search root, as named */
	const char *dir;  /* the directory below root, "" for root itself */
	struct stat st_root, st_dir;
};
typedef void (*stale_found_fn)(const struct found_file *f, void *arg);

/*
 * Search the selection's --path directories (one filesystem each, no
 * symbolic link followed) for files of type `type` (S_IFIFO, S_IFSOCK),
 * calling fn for each.  A directory that cannot be read is a warning.
 */
void stale_scan_paths(struct collect_ctx *ctx, mode_t type, stale_found_fn fn, void *arg);

/*
 * Whether no socket is bound to the socket file open as pathfd (O_PATH).
 * The kernel finds a path's socket by its inode, in whatever network
 * namespace it lives, so a datagram connect() answers for all of them:
 * ECONNREFUSED when none is bound, EPROTOTYPE for a bound stream socket;
 * and it sends nothing.  The connect goes through /proc/self/fd/N, so no
 * path is resolved again and no name is too long to ask about.
 */
bool stale_socket_unbound_fd(int pathfd);
/* The same for `name` in directory dfd, if it is still the socket file st. */
bool stale_socket_unbound_at(int dfd, const char *name, const struct stat *st);

/*
 * For a kind's remove(): a FIFO or socket file found by stale_scan_paths
 * (its id is "MAJ:MIN:INO"), if it is still a file of `type` (S_IFIFO,
 * S_IFSOCK) and `check`, given the fresh snapshot, passes on the file itself.
 */
int path_remove(const struct snapshot *fresh, const struct ipc_object *obj, mode_t type,
		int (*check)(int pathfd, void *fresh, char **why), char **why);
/* The "MAJ:MIN:INO" id of a file found on disk, and the object for it, owned as the file is;
 * stale with `reason`, unless that is NULL. */
struct ipc_object *stale_file_object(const struct kind *kind, const struct found_file *f,
				     const char *reason);

#endif
