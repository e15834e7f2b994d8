/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "load.h"
#include "util.h"

#include <errno.h>
#include <mqueue.h>
#include <semaphore.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <linux/magic.h>
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#define GROW(arr, n, cap)                                                      \
	do {                                                                   \
		if ((n) == (cap)) {                                            \
			(cap) = (cap) ? (cap) * 2 : 16;                        \
			(arr) = xreallocarray((arr), (cap), sizeof(*(arr)));   \
		}                                                              \
	} while (0)

void load_waiter(struct load *L, size_t object, load_waiter_fn fn, void *arg)
{
	GROW(L->waiters, L->nwaiters, L->waiters_cap);
	L->waiters[L->nwaiters++] = (struct load_waiter){ fn, arg, object };
}

void load_cleanup(struct load *L, enum load_cleanup_kind what, const char *name, int id)
{
	GROW(L->cleanups, L->ncleanups, L->cleanups_cap);
	L->cleanups[L->ncleanups++] =
		(struct load_cleanup){ what, name ? xstrdup(name) : NULL, id };
}

/* One line, rewritten at most ten times a second, once making takes noticeable time. */
static void show_progress(struct load *L, const char *kind)
{
	struct timespec now;
	double t;

	clock_gettime(CLOCK_MONOTONIC, &now);
	t = (double)now.tv_sec + (double)now.tv_nsec / 1e9;
	if (!L->progress_start)
		L->progress_start = t;
	if (t - L->progress_start < 0.3 || (L->progress_shown && t - L->progress_shown < 0.1))
		return;
	L->progress_shown = t;
	printf("\r\033[Kmaking %s: %zu objects so far", kind, L->nobjects);
	fflush(stdout);
}

/*
 * The stop signals stay blocked while objects are made, so that one never
 * cuts a clean-up short; a pending one stops the making before the next
 * object, rather than after all of them.
 */
static void stop_if_signalled(struct load *L, const char *kind)
{
	static const struct { int sig; const char *name; } stops[] = {
		{ SIGINT, "SIGINT" }, { SIGTERM, "SIGTERM" }, { SIGHUP, "SIGHUP" },
	};
	sigset_t pending;

	if (L->stopped || sigpending(&pending) < 0)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(stops); i++)
		if (sigismember(&pending, stops[i].sig) == 1) {
			L->stopped = xasprintf("%s: interrupted by %s after %zu objects, before the load "
					       "was ready; removed what was made",
					       kind, stops[i].name, L->nobjects);
			return;
		}
}

size_t load_object(struct load *L, const char *kind, char *id, char *name, uint64_t holders)
{
	stop_if_signalled(L, kind);
	GROW(L->objects, L->nobjects, L->objects_cap);
	L->objects[L->nobjects] = (struct load_object){
		.kind = kind, .id = id, .name = name, .holders = holders,
	};
	if (L->progress && L->nobjects % 64 == 0)
		show_progress(L, kind);
	return L->nobjects++;
}

void load_skip(struct load *L, const char *kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	GROW(L->skips, L->nskips, L->skips_cap);
	L->skips[L->nskips++] = (struct load_skip){ kind, xvasprintf(fmt, ap) };
	va_end(ap);
}

char *load_name(const struct load *L, const char *tag, unsigned n)
{
	(void)L;
	return xasprintf("/ipcscope-load-%d-%s-%u", (int)getpid(), tag, n);
}

/*
 * ENOSPC where a kind makes files: a tmpfs runs out of inodes (its
 * nr_inodes) long before it runs out of bytes when the files are small.
 */
static char *filesystem_limit(const char *dir)
{
	struct statfs fs;

	if (statfs(dir, &fs) < 0)
		return NULL;
	/* A named semaphore takes two inodes on tmpfs while it is made (a file
	 * and its link), and the failed one gives its first back. */
	if (fs.f_files && fs.f_ffree <= 2 && fs.f_type == TMPFS_MAGIC)
		return xasprintf("the inodes of the tmpfs on %s (nr_inodes=%llu, %llu free; e.g. "
				 "mount -o remount,nr_inodes=%llu %s)",
				 dir, (unsigned long long)fs.f_files, (unsigned long long)fs.f_ffree,
				 (unsigned long long)fs.f_files * 2, dir);
	if (fs.f_files && fs.f_ffree <= 2)
		return xasprintf("the inodes of %s (%llu, %llu free; see df -i)", dir,
				 (unsigned long long)fs.f_files, (unsigned long long)fs.f_ffree);
	return xasprintf("the space on %s: %llu KiB free (%s)", dir,
			 (unsigned long long)fs.f_bavail * fs.f_bsize / 1024,
			 fs.f_type == TMPFS_MAGIC ? "its size mount option" : "df");
}

/* Which limit an errno means for this kind, so the message can name it. */
static char *limit_of(const struct load *L, const char *kind, int err)
{
	const struct load_factory *f = load_factory_find(kind); /* NULL for the load itself */
	struct rlimit nofile = { 0 };

	getrlimit(RLIMIT_NOFILE, &nofile);
	if (err == EMFILE && f && f->emfile_limit)
		return xasprintf("RLIMIT_NOFILE (%llu) or %s", (unsigned long long)nofile.rlim_cur,
				 f->emfile_limit);
	if (err == EMFILE)
		return xasprintf("RLIMIT_NOFILE, %llu descriptors here (ulimit -n; "
				 "as root, up to fs.nr_open)",
				 (unsigned long long)nofile.rlim_cur);
	if (err == ENFILE)
		return xstrdup("fs.file-max");
	if (err == ENOSPC && f && f->enospc_limit)
		return xstrdup(f->enospc_limit);
	if (err == ENOSPC && f && f->files_dir)
		return filesystem_limit(f->files_dir);
	if (err == ENOSPC && L->dir[0])
		return filesystem_limit(L->dir); /* FIFOs, socket and lock files */
	if (err == ENOMEM)
		return xstrdup("memory (or RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE)");
	return NULL;
}

void load_stop(struct load *L, const char *kind, unsigned made, int err)
{
	char *limit = limit_of(L, kind, err);

	free(L->stopped);
	L->stopped = xasprintf("%s: stopped after %u of %u: %s%s%s", kind, made, L->count,
			       strerror(err), limit ? "; the limit is " : "", limit ? limit : "");
	free(limit);
}

void load_stop_in_worker(struct load *L, unsigned worker, int err)
{
	const char *kind = L->making ? L->making : "load";
	char *limit = limit_of(L, kind, err);

	free(L->stopped);
	L->stopped = xasprintf("%s: worker %u (pid %d) could not take its share: %s%s%s", kind,
			       worker, (int)L->workers[worker], strerror(err),
			       limit ? "; the limit is " : "", limit ? limit : "");
	free(limit);
}

static void remove_named(const struct load_cleanup *c)
{
	switch (c->what) {
	case CLEAN_PATH:
		unlink(c->name);
		break;
	case CLEAN_SHM_NAME:
		shm_unlink(c->name);
		break;
	case CLEAN_SEM_NAME:
		sem_unlink(c->name);
		break;
	case CLEAN_MQ_NAME:
		mq_unlink(c->name);
		break;
	case CLEAN_SHMID:
		shmctl(c->id, IPC_RMID, NULL);
		break;
	case CLEAN_MSQID:
		msgctl(c->id, IPC_RMID, NULL);
		break;
	case CLEAN_SEMID:
		semctl(c->id, 0, IPC_RMID);
		break;
	}
}

void load_finish(struct load *L)
{
	load_end_children(L);
	for (size_t i = 0; i < L->ncleanups; i++)
		remove_named(&L->cleanups[i]);
	if (L->dir[0] && rmdir(L->dir) < 0 && errno != ENOENT)
		msg_error("load: cannot remove %s: %s", L->dir, strerror(errno));
}

void load_free(struct load *L)
{
	for (size_t i = 0; i < L->ncleanups; i++)
		free(L->cleanups[i].name);
	for (size_t i = 0; i < L->nobjects; i++) {
		free(L->objects[i].id);
		free(L->objects[i].name);
		free(L->objects[i].waiters);
	}
	for (size_t i = 0; i < L->nskips; i++)
		free(L->skips[i].reason);
	for (size_t i = 0; i < L->nwaiters; i++)
		free(L->waiters[i].arg);
	free(L->waiters);
	free(L->cleanups);
	free(L->objects);
	free(L->skips);
	strvec_free(&L->warnings);
	free(L->stopped);
}
