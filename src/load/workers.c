/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The worker processes of `load` and their channels.  A worker is forked
 * before anything is made and then does what the load sends it: keep a
 * descriptor, or run a task on one.  A task travels as a function pointer:
 * the workers are forks of this very process, never exec'd, so the pointer
 * means the same code there.
 */
#include "load.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

struct load_message {
	load_task_fn fn; /* NULL: keep the descriptor */
	bool sync;       /* answer one byte once everything before has been done */
	_Alignas(max_align_t) unsigned char arg[LOAD_TASK_ARG_MAX]; /* tasks read it as their type */
};

/* A child dies with the load, however the load ends. */
static pid_t fork_child(void)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	if (pid == 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent))
		_exit(1);
	return pid;
}

/*
 * A child keeps nothing of the load's from fd `first_closed` on: no channel
 * of another worker.  Nor stdout, so that a reader of the load's output
 * sees its end when the load ends.  ^C on the terminal goes to the load,
 * which ends us.
 */
static void become_child(unsigned first_closed)
{
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (null >= 0) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
	}
	close_range(first_closed, ~0U, 0);
	signal(SIGINT, SIG_IGN);
}

static ssize_t receive(int channel, struct load_message *m, int *fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { m, sizeof(*m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = control.buf, .msg_controllen = sizeof(control.buf) };
	ssize_t n;

	do
		n = recvmsg(channel, &mh, MSG_CMSG_CLOEXEC);
	while (n < 0 && errno == EINTR);
	*fd = -1;
	if (n <= 0)
		return n < 0 && errno != ECONNRESET ? -1 : 0;
	/* The kernel drops a descriptor that does not fit, and says so only here. */
	if (mh.msg_flags & MSG_CTRUNC) {
		errno = EMFILE;
		return -1;
	}
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
	if (c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
		memcpy(fd, CMSG_DATA(c), sizeof(*fd));
	return n;
}

/*
 * Until the load closes the channel (it ended) or kills us.  The first
 * failure (a descriptor that did not fit under our RLIMIT_NOFILE, a task
 * that failed) is the answer to the next sync.
 */
static void worker_main(int channel)
{
	struct load_message m;
	int fd, failure = 0;
	ssize_t n;

	while ((n = receive(channel, &m, &fd)) != 0) {
		if (n < 0) {
			if (!failure)
				failure = errno;
			continue;
		}
		if (m.sync) {
			if (write(channel, &failure, sizeof(failure)) != (ssize_t)sizeof(failure))
				break;
		} else if (m.fn && m.fn(fd, m.arg) < 0 && !failure) {
			failure = errno ? errno : EIO;
		}
	}
	_exit(0);
}

/*
 * Descriptors sent but not yet received count against the sender's
 * RLIMIT_NOFILE (ETOOMANYREFS), so each worker is synced after a share of it.
 */
static unsigned sync_interval(unsigned nworkers)
{
	struct rlimit rl;
	rlim_t share = 64;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		share = rl.rlim_cur / 4 / nworkers;
	return share < 1 ? 1 : share > 256 ? 256 : (unsigned)share;
}

int load_start_workers(struct load *L)
{
	L->sync_every = sync_interval(L->nworkers);
	for (unsigned w = 0; w < L->nworkers; w++) {
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0) {
			msg_error("load: cannot make a channel to worker %u: %s", w, strerror(errno));
			return -1;
		}
		fflush(NULL); /* nothing buffered is written twice */
		pid_t pid = fork_child();
		if (pid < 0) {
			msg_error("load: cannot start worker %u: %s", w, strerror(errno));
			close(sv[0]);
			close(sv[1]);
			return -1;
		}
		if (pid == 0) {
			close(sv[0]);
			int channel = STDERR_FILENO + 1;
			if (dup2(sv[1], channel) < 0)
				_exit(1);
			become_child((unsigned)channel + 1);
			worker_main(channel);
		}
		close(sv[1]);
		L->workers[w] = pid;
		L->channels[w] = sv[0];
		L->nstarted = w + 1;
	}
	return 0;
}

static void worker_lost(struct load *L, unsigned w, int err)
{
	if (L->stopped)
		return;
	L->stopped = err ? xasprintf("cannot reach worker %u (pid %d): %s", w, (int)L->workers[w],
				     strerror(err))
			 : xasprintf("worker %u (pid %d) ended early", w, (int)L->workers[w]);
}

static int sync_worker(struct load *L, unsigned w)
{
	struct load_message m = { .sync = true };
	int failure;
	ssize_t n;

	if (send(L->channels[w], &m, sizeof(m), MSG_NOSIGNAL) != (ssize_t)sizeof(m)) {
		worker_lost(L, w, errno == EPIPE || errno == ECONNRESET ? 0 : errno);
		return -1;
	}
	do
		n = read(L->channels[w], &failure, sizeof(failure));
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(failure)) {
		worker_lost(L, w, n < 0 ? errno : 0);
		return -1;
	}
	L->unsynced[w] = 0;
	if (failure) {
		load_stop_in_worker(L, w, failure);
		return -1;
	}
	return 0;
}

static void send_message(struct load *L, unsigned w, const struct load_message *m, int fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { (void *)m, sizeof(*m) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	ssize_t n;

	if (L->stopped)
		return;
	if (fd >= 0) {
		memset(&control, 0, sizeof(control));
		mh.msg_control = control.buf;
		mh.msg_controllen = sizeof(control.buf);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(c), &fd, sizeof(fd));
	}
	do
		n = sendmsg(L->channels[w], &mh, MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(*m)) {
		worker_lost(L, w, errno == EPIPE || errno == ECONNRESET ? 0 : errno);
		return;
	}
	if (++L->unsynced[w] >= L->sync_every)
		sync_worker(L, w);
}

void load_give_fd(struct load *L, int fd, unsigned worker)
{
	struct load_message m = { .fn = NULL };

	send_message(L, worker, &m, fd);
	close(fd);
}

void load_task(struct load *L, unsigned worker, load_task_fn fn, const void *arg, size_t len,
	       int fd)
{
	struct load_message m = { .fn = fn };

	if (len > sizeof(m.arg))
		len = sizeof(m.arg); /* a programming error; the tests would show it */
	if (len)
		memcpy(m.arg, arg, len);
	send_message(L, worker, &m, fd);
}

int load_sync_workers(struct load *L)
{
	for (unsigned w = 0; w < L->nstarted && !L->stopped; w++)
		sync_worker(L, w);
	return L->stopped ? -1 : 0;
}

int load_start_waiters(struct load *L)
{
	if (load_sync_workers(L) < 0)
		return -1;
	for (size_t i = 0; i < L->nwaiters; i++) {
		fflush(NULL);
		pid_t pid = fork_child();
		if (pid < 0) {
			L->stopped = xasprintf("cannot start a waiter: %s", strerror(errno));
			return -1;
		}
		if (pid == 0) {
			become_child(STDERR_FILENO + 1);
			L->waiters[i].fn(L->waiters[i].arg);
			for (;;)
				pause();
		}
		struct load_object *o = &L->objects[L->waiters[i].object];
		o->waiters = xreallocarray(o->waiters, o->nwaiters + 1, sizeof(*o->waiters));
		o->waiters[o->nwaiters++] = pid;
	}
	return 0;
}

/* Forget a reaped pid, so that the end never signals a pid used anew. */
static const char *forget_child(struct load *L, pid_t pid, unsigned *which)
{
	for (unsigned w = 0; w < L->nworkers; w++)
		if (L->workers[w] == pid) {
			L->workers[w] = 0;
			*which = w;
			return "worker";
		}
	for (size_t i = 0; i < L->nobjects; i++)
		for (size_t k = 0; k < L->objects[i].nwaiters; k++)
			if (L->objects[i].waiters[k] == pid) {
				L->objects[i].waiters[k] = 0;
				*which = (unsigned)i;
				return "waiter";
			}
	return NULL;
}

void load_reap_early(struct load *L)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		unsigned which = 0;
		const char *what = forget_child(L, pid, &which);
		if (!what)
			continue;
		char how[48];
		if (WIFSIGNALED(status))
			snprintf(how, sizeof(how), "killed by signal %d", WTERMSIG(status));
		else
			snprintf(how, sizeof(how), "exit status %d", WEXITSTATUS(status));
		if (strcmp(what, "worker") == 0)
			msg_error("load: worker %u (pid %d) ended early (%s); what it held is "
				  "closed, the rest is still held",
				  which, (int)pid, how);
		else
			msg_error("load: the waiter (pid %d) on %s %s ended early (%s)", (int)pid,
				  L->objects[which].kind,
				  L->objects[which].name ? L->objects[which].name : "", how);
	}
}

static void kill_and_reap(pid_t *pid)
{
	if (*pid <= 0)
		return;
	kill(*pid, SIGKILL);
	while (waitpid(*pid, NULL, 0) < 0 && errno == EINTR)
		;
	*pid = 0;
}

void load_end_children(struct load *L)
{
	for (size_t i = 0; i < L->nobjects; i++)
		for (size_t k = 0; k < L->objects[i].nwaiters; k++)
			kill_and_reap(&L->objects[i].waiters[k]);
	for (unsigned w = 0; w < L->nstarted; w++) {
		kill_and_reap(&L->workers[w]);
		close(L->channels[w]);
	}
	L->nstarted = 0;
	/* Any other child, such as the creator of a --stale segment. */
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}
