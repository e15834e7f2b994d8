/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nsload NAMESPACES SOCKETS: the namespaces of bench/namespaces.sh.  It
 * starts NAMESPACES processes, each in network, IPC and mount namespaces
 * of its own, as a container's are (loopback up, a private /dev/shm), and
 * each holding SOCKETS sockets: a TCP listener with connections to it
 * (the client and the accepted end of each), unix socket pairs, and one
 * UDP socket when one is left over.  It prints "ready" once all hold
 * theirs, and stays until SIGTERM or SIGINT; its namespaces end with it.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_NAMESPACES 1000
#define MAX_SOCKETS 100000

/* What a child writes on its report pipe: an empty text when it holds all its sockets. */
struct report {
	char error[160];
};

static bool fail(struct report *r, const char *what)
{
	snprintf(r->error, sizeof(r->error), "%s: %s", what, strerror(errno));
	return false;
}

static bool loopback_up(struct report *r)
{
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	strcpy(ifr.ifr_name, "lo");
	bool ok = fd >= 0 && ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 &&
		  (ifr.ifr_flags |= IFF_UP, ioctl(fd, SIOCSIFFLAGS, &ifr) == 0);
	if (fd >= 0)
		close(fd);
	return ok || fail(r, "bringing the loopback up");
}

static bool enter_namespaces(struct report *r)
{
	if (unshare(CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWNS) < 0)
		return fail(r, "unshare");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    mount("none", "/dev/shm", "tmpfs", 0, "mode=1777") < 0)
		return fail(r, "mounting a private /dev/shm");
	return loopback_up(r);
}

/* A listener on 127.0.0.1 and `n` connections to it; 1 + 2n sockets. */
static bool tcp_connections(int n, struct report *r)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	socklen_t len = sizeof(a);

	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	int listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(listener, SOMAXCONN) < 0 || getsockname(listener, (struct sockaddr *)&a, &len) < 0)
		return fail(r, "listening on 127.0.0.1");
	for (int i = 0; i < n; i++) {
		int client = socket(AF_INET, SOCK_STREAM, 0);
		if (client < 0 || connect(client, (struct sockaddr *)&a, sizeof(a)) < 0 ||
		    accept(listener, NULL, NULL) < 0)
			return fail(r, "connecting on 127.0.0.1");
	}
	return true;
}

static bool make_sockets(int count, struct report *r)
{
	int connections = (count - 1) / 3, left = count - 1 - 2 * connections, pair[2];

	if (!tcp_connections(connections, r))
		return false;
	for (; left >= 2; left -= 2)
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) < 0)
			return fail(r, "making a unix socket pair");
	/* Bound: an unbound UDP socket is in no table the kernel lists, by sock_diag or /proc/net. */
	struct sockaddr_in any = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int udp = left ? socket(AF_INET, SOCK_DGRAM, 0) : -1;
	if (left && (udp < 0 || bind(udp, (struct sockaddr *)&any, sizeof(any)) < 0))
		return fail(r, "making a UDP socket");
	return true;
}

/* In a child: make its namespaces and sockets, report, and hold them until killed. */
static void run_child(int sockets, int out, pid_t parent, const sigset_t *mask)
{
	struct report r = { 0 };

	sigprocmask(SIG_SETMASK, mask, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(1);
	if (enter_namespaces(&r))
		make_sockets(sockets, &r);
	if (write(out, &r, sizeof(r)) != (ssize_t)sizeof(r) || r.error[0])
		_exit(1);
	close(out);
	for (;;)
		pause();
}

static void stop_children(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (int i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
}

/* Start them one after the other, each once the one before reported; how many started. */
static int start_children(pid_t *pids, int n, int sockets, const sigset_t *old_mask)
{
	pid_t self = getpid();

	for (int i = 0; i < n; i++) {
		struct report r = { 0 };
		int p[2];
		if (pipe(p) < 0 || (pids[i] = fork()) < 0) {
			fprintf(stderr, "nsload: cannot start a child: %s\n", strerror(errno));
			return i;
		}
		if (pids[i] == 0) {
			close(p[0]);
			run_child(sockets, p[1], self, old_mask);
		}
		close(p[1]);
		ssize_t got = read(p[0], &r, sizeof(r));
		close(p[0]);
		if (got != (ssize_t)sizeof(r) || r.error[0]) {
			fprintf(stderr, "nsload: namespace %d: %s\n", i + 1,
				got == (ssize_t)sizeof(r) ? r.error : "its process ended before it was ready");
			return i + 1;
		}
	}
	return n;
}

static int number(const char *text, int max, const char *what)
{
	char *end;
	errno = 0;
	long v = strtol(text, &end, 10);

	if (errno || end == text || *end || v < 1 || v > max) {
		fprintf(stderr, "nsload: invalid %s '%s': a number from 1 to %d\n", what, text, max);
		exit(2);
	}
	return (int)v;
}

int main(int argc, char **argv)
{
	sigset_t mask, old_mask;
	int sig;

	if (argc != 3) {
		fprintf(stderr, "usage: nsload NAMESPACES SOCKETS\n");
		return 2;
	}
	int n = number(argv[1], MAX_NAMESPACES, "count of namespaces");
	int sockets = number(argv[2], MAX_SOCKETS, "count of sockets");
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)sockets + 16) {
		rl.rlim_cur = rl.rlim_max;
		if (rl.rlim_cur < (rlim_t)sockets + 16 || setrlimit(RLIMIT_NOFILE, &rl) < 0) {
			fprintf(stderr, "nsload: %d sockets are more descriptors than a process may open here\n",
				sockets);
			return 1;
		}
	}
	pid_t *pids = calloc((size_t)n, sizeof(*pids));
	if (!pids)
		return 1;
	/* Blocked before the children start, so a signal in between is not lost. */
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, &old_mask);
	int started = start_children(pids, n, sockets, &old_mask);
	if (started < n) {
		stop_children(pids, started);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	sigwait(&mask, &sig);
	stop_children(pids, n);
	free(pids);
	if (sig == SIGCHLD) {
		fprintf(stderr, "nsload: a namespace's process ended before it was told to\n");
		return 1;
	}
	return 0;
}
