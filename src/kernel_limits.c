#include "kernel_limits.h"
#include "ipc_object.h"
#include "kinds.h"
#include "posix_mq.h"
#include "selection.h"
#include "snapshot.h"
#include "sysctl.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What a limit's use is measured from. */
struct measure {
	const struct snapshot *snap;
	const struct ipc_info *info;
};

struct limit_def {
	const char *name, *sysctl;
	unsigned field; /* which number of the sysctl: kernel.sem holds four */
	const char *kind, *what, *unit;
	bool ceiling;
	struct maybe_u64 (*used)(const struct measure *m);
	/* The limit from IPC_INFO, for when /proc/sys cannot be read; NULL for none. */
	struct maybe_u64 (*fallback)(const struct ipc_info *info);
};

static struct maybe_u64 known(uint64_t v)
{
	return (struct maybe_u64){ .known = true, .v = v };
}

static bool is_kind(const struct ipc_object *obj, const char *kind)
{
	return strcmp(obj->kind->name, kind) == 0;
}

static uint64_t count_of(const struct snapshot *snap, const char *kind)
{
	uint64_t n = 0;

	for (size_t i = 0; i < snap->nobjects; i++)
		n += is_kind(snap->objects[i], kind);
	return n;
}

/* The largest known value of one attribute among a kind's objects; 0 when it has none. */
static uint64_t largest(const struct snapshot *snap, const char *kind, const char *attr)
{
	uint64_t most = 0;

	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct ipc_object *obj = snap->objects[i];
		const struct attr_value *v = is_kind(obj, kind) ? ipc_object_attr_named(obj, attr) : NULL;
		if (v && v->known && v->u > most)
			most = v->u;
	}
	return most;
}

static struct maybe_u64 shm_segments(const struct measure *m) { return m->info->shm_segments; }
static struct maybe_u64 shm_pages(const struct measure *m) { return m->info->shm_pages; }
static struct maybe_u64 msg_queues(const struct measure *m) { return m->info->msg_queues; }
static struct maybe_u64 sem_sets(const struct measure *m) { return m->info->sem_sets; }
static struct maybe_u64 sem_semaphores(const struct measure *m) { return m->info->sem_semaphores; }

static struct maybe_u64 largest_segment(const struct measure *m)
{
	return known(largest(m->snap, "sysv_shm", "size"));
}

static struct maybe_u64 fullest_sysv_queue(const struct measure *m)
{
	return known(largest(m->snap, "sysv_msg", "bytes"));
}

static struct maybe_u64 posix_queues(const struct measure *m)
{
	/* Unmounted, only the queues a process holds open are seen: a count too low. */
	if (!mqueue_mounted())
		return (struct maybe_u64){ 0 };
	return known(count_of(m->snap, "posix_mq"));
}

static struct maybe_u64 fullest_posix_queue(const struct measure *m)
{
	return known(largest(m->snap, "posix_mq", "messages"));
}

static struct maybe_u64 largest_message_size(const struct measure *m)
{
	return known(largest(m->snap, "posix_mq", "message_size"));
}

/*
 * The kernel counts pipe buffer pages per user and, past the soft limit,
 * gives that user's new pipes a single page.  It charges the user who made
 * the pipe; the owner of the pipe's inode stands for that user here.
 */
static struct maybe_u64 pipe_pages_of_top_user(const struct measure *m)
{
	const struct snapshot *snap = m->snap;
	long page = sysconf(_SC_PAGESIZE);
	struct { uid_t uid; uint64_t pages; } *users = xcalloc(snap->nobjects, sizeof(*users));
	size_t nusers = 0;
	uint64_t most = 0;

	for (size_t i = 0; i < snap->nobjects; i++) {
		const struct ipc_object *obj = snap->objects[i];
		if (!(is_kind(obj, "pipe") || is_kind(obj, "fifo")) || !obj->has_uid)
			continue;
		const struct attr_value *cap = ipc_object_attr_named(obj, "capacity");
		if (!cap || !cap->known)
			continue;
		size_t u = 0;
		while (u < nusers && users[u].uid != obj->uid)
			u++;
		if (u == nusers)
			users[nusers++].uid = obj->uid;
		users[u].pages += cap->u / (uint64_t)page;
		if (users[u].pages > most)
			most = users[u].pages;
	}
	free(users);
	return known(most);
}

static struct maybe_u64 open_files(const struct measure *m)
{
	uint64_t nr[3];

	(void)m;
	/* allocated, allocated but unused (always 0 since Linux 2.6), maximum */
	if (sysctl_numbers("fs.file-nr", nr, 3) < 2 || nr[1] > nr[0])
		return (struct maybe_u64){ 0 };
	return known(nr[0] - nr[1]);
}

static struct maybe_u64 ipc_shmmni(const struct ipc_info *i) { return i->shmmni; }
static struct maybe_u64 ipc_shmall(const struct ipc_info *i) { return i->shmall; }
static struct maybe_u64 ipc_shmmax(const struct ipc_info *i) { return i->shmmax; }
static struct maybe_u64 ipc_msgmni(const struct ipc_info *i) { return i->msgmni; }
static struct maybe_u64 ipc_msgmnb(const struct ipc_info *i) { return i->msgmnb; }
static struct maybe_u64 ipc_semmni(const struct ipc_info *i) { return i->semmni; }
static struct maybe_u64 ipc_semmns(const struct ipc_info *i) { return i->semmns; }

/* The order here is the order of the output. */
static const struct limit_def limit_table[] = {
	{ "shmmni", "kernel.shmmni", 0, "sysv_shm", "shared memory segments", "segments", false,
	  shm_segments, ipc_shmmni },
	{ "shmall", "kernel.shmall", 0, "sysv_shm", "pages of shared memory in all segments",
	  "pages", false, shm_pages, ipc_shmall },
	{ "shmmax", "kernel.shmmax", 0, "sysv_shm", "bytes of the largest segment", "bytes", true,
	  largest_segment, ipc_shmmax },
	{ "msgmni", "kernel.msgmni", 0, "sysv_msg", "message queues", "queues", false, msg_queues,
	  ipc_msgmni },
	{ "msgmnb", "kernel.msgmnb", 0, "sysv_msg",
	  "bytes waiting in the fullest queue (the limit is a new queue's capacity)", "bytes",
	  false, fullest_sysv_queue, ipc_msgmnb },
	{ "semmni", "kernel.sem", 3, "sysv_sem", "semaphore sets", "sets", false, sem_sets,
	  ipc_semmni },
	{ "semmns", "kernel.sem", 1, "sysv_sem", "semaphores in all sets", "semaphores", false,
	  sem_semaphores, ipc_semmns },
	{ "mqueue_queues_max", "fs.mqueue.queues_max", 0, "posix_mq", "POSIX message queues",
	  "queues", false, posix_queues, NULL },
	{ "mqueue_msg_max", "fs.mqueue.msg_max", 0, "posix_mq",
	  "messages waiting in the fullest queue", "messages", false, fullest_posix_queue, NULL },
	{ "mqueue_msgsize_max", "fs.mqueue.msgsize_max", 0, "posix_mq",
	  "the largest message size a queue was made for", "bytes", true, largest_message_size,
	  NULL },
	{ "pipe_user_pages_soft", "fs.pipe-user-pages-soft", 0, "pipe",
	  "pages of pipe buffers of the user with the most", "pages", false,
	  pipe_pages_of_top_user, NULL },
	{ "file_max", "fs.file-max", 0, NULL, "open files in the whole system", "files", false,
	  open_files, NULL },
};

static struct maybe_u64 limit_value(const struct limit_def *d, const struct ipc_info *info)
{
	uint64_t values[4];
	int n = sysctl_numbers(d->sysctl, values, ARRAY_SIZE(values));

	if (n > (int)d->field)
		return known(values[d->field]);
	return d->fallback ? d->fallback(info) : (struct maybe_u64){ 0 };
}

static bool limit_selected(const struct limit_def *d, const struct selection *sel)
{
	return !d->kind || selection_has_kind(sel, (size_t)kind_find(d->kind));
}

size_t limits_measure(const struct snapshot *snap, struct limit_usage **out)
{
	struct ipc_info info;
	struct measure m = { .snap = snap, .info = &info };
	size_t n = 0;

	ipc_info_read(&info);
	*out = xcalloc(ARRAY_SIZE(limit_table), sizeof(**out));
	for (size_t i = 0; i < ARRAY_SIZE(limit_table); i++) {
		const struct limit_def *d = &limit_table[i];
		if (!limit_selected(d, snap->sel))
			continue;
		struct limit_usage *u = &(*out)[n++];
		*u = (struct limit_usage){
			.name = d->name, .sysctl = d->sysctl, .kind = d->kind, .what = d->what,
			.unit = d->unit, .ceiling = d->ceiling, .used = d->used(&m),
			.limit = limit_value(d, &info),
		};
		/* 0 is "no limit" for the pipe pages; a share of nothing means nothing. */
		if (u->used.known && u->limit.known && u->limit.v > 0) {
			u->has_percent = true;
			u->percent = 100.0 * (double)u->used.v / (double)u->limit.v;
		}
	}
	return n;
}
