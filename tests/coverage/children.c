/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Linked into ipcscope in coverage builds only (-DIPCSCOPE_COVERAGE=ON).
 * A process writes its gcov counts when it exits normally; the load's
 * workers and waiters end by _exit() or by the load's SIGKILL, so what
 * they ran would count as never run.  Here _exit() writes the counts
 * first, and a SIGKILL the program sends to a child of its own is
 * preceded by SIGUSR2, on which the child writes its counts and exits.
 * The build wraps the two calls: -Wl,--wrap=_exit,--wrap=kill.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

void __gcov_dump(void);
void __real__exit(int status) __attribute__((noreturn));
int __real_kill(pid_t pid, int sig);

void __wrap__exit(int status) __attribute__((noreturn));
int __wrap_kill(pid_t pid, int sig);

void __wrap__exit(int status)
{
	__gcov_dump();
	__real__exit(status);
}

static void write_counts_and_exit(int sig)
{
	(void)sig;
	__wrap__exit(0);
}

__attribute__((constructor)) static void on_sigusr2_write_counts(void)
{
	signal(SIGUSR2, write_counts_and_exit);
}

static bool is_our_child(pid_t pid)
{
	char path[64], stat[512] = "";
	const char *end;
	int ppid;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	if (!fgets(stat, sizeof(stat), f))
		stat[0] = '\0';
	fclose(f);
	/* The command may hold blanks and parentheses: the fields after its last ')'. */
	end = strrchr(stat, ')');
	return end && sscanf(end + 1, " %*c %d", &ppid) == 1 && ppid == getpid();
}

/* Until the child has exited, left for the caller to reap; at most five seconds. */
static void await_exit(pid_t pid)
{
	struct timespec pause = { 0, 1000000 };

	for (int waited = 0; waited < 5000; waited++) {
		siginfo_t si = { 0 };
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0 || si.si_pid == pid)
			return;
		nanosleep(&pause, NULL);
	}
}

int __wrap_kill(pid_t pid, int sig)
{
	if (sig == SIGKILL && pid > 0 && is_our_child(pid) && __real_kill(pid, SIGUSR2) == 0)
		await_exit(pid);
	return __real_kill(pid, sig);
}
