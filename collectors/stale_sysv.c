/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Stale SysV objects, and their safe removal.  A SysV object outlives the
 * processes that made it: a segment nobody attaches whose creator and last
 * user are gone, or a queue or semaphore set whose last users are gone,
 * is left over.  Before removing one, IPC_STAT must still show the same
 * object (the id, which the kernel never reuses at once, and the key)
 * still unused by anyone alive.  Ids are per IPC namespace, so the check
 * and the removal are both made from a thread inside the object's own.
 */
#include "blocked_threads.h"
#include "ipc_object.h"
#include "namespaces.h"
#include "pid_namespace.h"
#include "snapshot.h"
#include "stale.h"
#include "stale_sysv.h"
#include "sysv_common.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

/*
 * What a recorded pid tells.  The kernel records 0 for "never", and also
 * gives 0 for a process outside our PID namespace: only in the host's
 * namespace does a 0 mean never.
 */
enum recorded_pid { PID_NEVER, PID_GONE, PID_ALIVE, PID_UNKNOWN };

static enum recorded_pid recorded_pid_state(int64_t pid)
{
	if (pid > 0)
		return stale_pid_alive(pid) ? PID_ALIVE : PID_GONE;
	return pid_namespace_is_initial() ? PID_NEVER : PID_UNKNOWN;
}

/* Whether a recorded pid may be a process that still uses the object. */
static bool may_be_in_use(int64_t pid)
{
	enum recorded_pid state = recorded_pid_state(pid);
	return state == PID_ALIVE || state == PID_UNKNOWN;
}

/* A recorded pid for a reason: "pid 4242", or "none" for never. */
static enum recorded_pid describe_pid(const struct ipc_object *obj, const char *field, char *buf,
				      size_t len)
{
	const struct attr_value *pid = ipc_object_attr_named(obj, field);
	enum recorded_pid state = recorded_pid_state(pid && pid->known ? pid->i : 0);

	if (state == PID_NEVER || state == PID_UNKNOWN)
		snprintf(buf, len, "none");
	else
		snprintf(buf, len, "pid %lld", (long long)pid->i);
	return state;
}

static int64_t latest_time(const struct ipc_object *obj, const char *const *fields, bool *known)
{
	int64_t latest = 0;

	*known = false;
	for (; *fields; fields++) {
		const struct attr_value *t = ipc_object_attr_named(obj, *fields);
		if (t && t->known && (!*known || t->i > latest)) {
			latest = t->i;
			*known = true;
		}
	}
	return latest;
}

static int sysv_id(const struct ipc_object *obj, const char *field)
{
	const struct attr_value *id = ipc_object_attr_named(obj, field);
	return id && id->known && id->u <= INT32_MAX ? (int)id->u : -1;
}

static uint64_t uint_field(const struct ipc_object *obj, const char *field, bool *known)
{
	const struct attr_value *v = ipc_object_attr_named(obj, field);

	*known = v && v->known;
	return *known ? v->u : 0;
}

char *sysv_shm_stale(const struct ipc_object *obj, bool *has_since, int64_t *since)
{
	static const char *const times[] = { "atime", "dtime", "ctime", NULL };
	char creator[32], last[32];
	bool known;

	if (uint_field(obj, "nattch", &known) != 0 || !known)
		return NULL;
	enum recorded_pid by_creator = describe_pid(obj, "cpid", creator, sizeof(creator));
	enum recorded_pid by_last = describe_pid(obj, "lpid", last, sizeof(last));
	if (by_creator == PID_ALIVE || by_creator == PID_UNKNOWN || by_last == PID_ALIVE ||
	    by_last == PID_UNKNOWN)
		return NULL;
	*since = latest_time(obj, times, has_since);
	return xasprintf("attached by nobody; its creator (%s) and last user (%s) are gone", creator,
			 last);
}

char *sysv_msg_stale(const struct ipc_object *obj, bool *has_since, int64_t *since)
{
	static const char *const times[] = { "stime", "rtime", "ctime", NULL };
	const struct attr_value *sent = ipc_object_attr_named(obj, "lspid");
	const struct attr_value *received = ipc_object_attr_named(obj, "lrpid");
	char sender[32], receiver[32];
	bool known;

	enum recorded_pid by_sender = describe_pid(obj, "lspid", sender, sizeof(sender));
	enum recorded_pid by_receiver = describe_pid(obj, "lrpid", receiver, sizeof(receiver));
	/*
	 * A thread we could not read may be waiting: unknown is not stale.  Nor
	 * can threads outside our PID namespace be seen at all.
	 */
	uint64_t waiting = uint_field(obj, "waiting", &known);
	if (by_sender == PID_ALIVE || by_sender == PID_UNKNOWN || by_receiver == PID_ALIVE ||
	    by_receiver == PID_UNKNOWN || !known || waiting || !pid_namespace_is_initial())
		return NULL;
	uint64_t messages = uint_field(obj, "messages", &known);
	*since = latest_time(obj, times, has_since);
	if (!sent->known && !received->known)
		return xstrdup("no process has sent to it or received from it, and none waits on it");
	return xasprintf("its last sender (%s) and last receiver (%s) are gone%s", sender, receiver,
			 known && messages ? ", with messages nobody will read" : "");
}

char *sysv_sem_stale(const struct ipc_object *obj, bool *has_since, int64_t *since)
{
	static const char *const times[] = { "otime", "ctime", NULL };
	const struct attr_value *pids = ipc_object_attr_named(obj, "last_pids");
	bool known;

	/* A blocked semop() is a user, whoever else has gone. */
	if (uint_field(obj, "waiting", &known) != 0 || !known || !pids || !pids->known)
		return NULL;
	size_t recorded = 0;
	for (size_t i = 0; i < pids->list.n; i++) {
		const struct int_list_item *pid = &pids->list.items[i];
		if (may_be_in_use(pid->known ? pid->v : 0))
			return NULL;
		recorded += pid->known;
	}
	*since = latest_time(obj, times, has_since);
	return xstrdup(recorded ? "nobody waits on it and the processes that last changed it are gone"
				: "nobody waits on it and no process has changed it since it was made");
}

/* ---- removal ------------------------------------------------------------ */

static bool same_key(const struct ipc_object *obj, key_t key)
{
	const struct attr_value *k = ipc_object_attr_named(obj, "key");
	char now[16];

	snprintf(now, sizeof(now), "0x%08x", (unsigned)key);
	return k && k->known && strcmp(k->s, now) == 0;
}

/* The outcome when IPC_STAT failed: gone already is a safe skip. */
static int stat_failed(char **why)
{
	if (errno == EINVAL || errno == EIDRM) {
		*why = xstrdup("it is gone already");
		return STALE_SKIPPED;
	}
	return STALE_FAILED;
}

static int changed(char **why, const char *what)
{
	*why = xasprintf("it changed since it was found: %s", what);
	return STALE_SKIPPED;
}

static int shm_check_and_remove(const struct ipc_object *obj, uint64_t ipcns, char **why)
{
	(void)ipcns;
	int id = sysv_id(obj, "shmid");
	struct shmid_ds ds;

	if (id < 0 || shmctl(id, IPC_STAT, &ds) < 0)
		return id < 0 ? changed(why, "no shmid") : stat_failed(why);
	if (!same_key(obj, ds.shm_perm.__key))
		return changed(why, "another key");
	if (ds.shm_nattch != 0)
		return changed(why, "attached again");
	if (may_be_in_use(ds.shm_cpid) || may_be_in_use(ds.shm_lpid))
		return changed(why, "its creator or last user is running, or cannot be seen");
	return shmctl(id, IPC_RMID, NULL) == 0 ? STALE_REMOVED : stat_failed(why);
}

static int msg_check_and_remove(const struct ipc_object *obj, uint64_t ipcns, char **why)
{
	int id = sysv_id(obj, "msqid");
	struct msqid_ds ds;

	if (id < 0 || msgctl(id, IPC_STAT, &ds) < 0)
		return id < 0 ? changed(why, "no msqid") : stat_failed(why);
	if (!same_key(obj, ds.msg_perm.__key))
		return changed(why, "another key");
	if (may_be_in_use(ds.msg_lspid) || may_be_in_use(ds.msg_lrpid))
		return changed(why, "it was used again, or its users cannot be seen");
	struct blocked_threads bt;
	blocked_threads_scan(&bt);
	long waiting = blocked_threads_on_queue(&bt, ipcns, id);
	blocked_threads_free(&bt);
	if (waiting != 0)
		return changed(why, "a thread waits on it now, or may");
	return msgctl(id, IPC_RMID, NULL) == 0 ? STALE_REMOVED : stat_failed(why);
}

static int sem_check_and_remove(const struct ipc_object *obj, uint64_t ipcns, char **why)
{
	(void)ipcns;
	int id = sysv_id(obj, "semid");
	struct semid_ds ds;

	if (id < 0 || semctl(id, 0, IPC_STAT, &ds) < 0)
		return id < 0 ? changed(why, "no semid") : stat_failed(why);
	if (!same_key(obj, ds.sem_perm.__key))
		return changed(why, "another key");
	for (unsigned long i = 0; i < ds.sem_nsems; i++) {
		int waiting = semctl(id, (int)i, GETNCNT) + semctl(id, (int)i, GETZCNT);
		int pid = semctl(id, (int)i, GETPID);
		if (waiting != 0 || pid < 0 || may_be_in_use(pid))
			return changed(why, "it was used again, or its users cannot be seen");
	}
	return semctl(id, 0, IPC_RMID) == 0 ? STALE_REMOVED : stat_failed(why);
}

/* A removal to make from inside the object's IPC namespace. */
struct removal {
	const struct ipc_object *obj;
	uint64_t ipcns;
	int (*check_and_remove)(const struct ipc_object *obj, uint64_t ipcns, char **why);
	char *why;
	bool entered;
};

static int remove_entered(void *arg)
{
	struct removal *r = arg;

	r->entered = true;
	return r->check_and_remove(r->obj, r->ipcns, &r->why);
}

/*
 * The namespace is found again in the fresh snapshot by the object's
 * "ipcns": a namespace no process is in any more has none to enter it by,
 * and one we may not enter is never acted on from outside.
 */
static int remove_in_namespace(const struct snapshot *fresh, const struct ipc_object *obj,
			       int (*check_and_remove)(const struct ipc_object *, uint64_t, char **),
			       char **why)
{
	const struct attr_value *ipcns = ipc_object_attr_named(obj, "ipcns");
	struct removal r = { .obj = obj, .check_and_remove = check_and_remove };

	/* No namespace known: ours could not be told by its inode, and it was read where we are. */
	if (!ipcns || !ipcns->known)
		return check_and_remove(obj, 0, why);
	r.ipcns = ipcns->u;
	const struct namespace *ns = namespace_find(&fresh->index.ns[NS_IPC], r.ipcns);
	if (!ns) {
		*why = xasprintf("its IPC namespace %llu has no process left to enter it by",
				 (unsigned long long)r.ipcns);
		return STALE_SKIPPED;
	}
	int rc = namespace_run(ns, remove_entered, &r);
	if (!r.entered) {
		*why = xasprintf("its IPC namespace %llu cannot be entered: %s",
				 (unsigned long long)r.ipcns, strerror(errno));
		return STALE_SKIPPED;
	}
	*why = r.why;
	return rc;
}

int sysv_shm_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why)
{
	return remove_in_namespace(fresh, obj, shm_check_and_remove, why);
}

int sysv_msg_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why)
{
	return remove_in_namespace(fresh, obj, msg_check_and_remove, why);
}

int sysv_sem_remove(const struct snapshot *fresh, const struct ipc_object *obj, char **why)
{
	return remove_in_namespace(fresh, obj, sem_check_and_remove, why);
}
