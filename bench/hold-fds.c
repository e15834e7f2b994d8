/*
 * Benchmark load: hold PAIRS pipes and PAIRS unix socketpairs (2 * PAIRS
 * pipe ends and 2 * PAIRS sockets) until killed.  Prints "ready" once
 * everything exists, so a script knows when to start timing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long pairs = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
	int fds[2];

	if (pairs <= 0) {
		fprintf(stderr, "usage: hold-fds PAIRS\n");
		return 2;
	}
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	for (long i = 0; i < pairs; i++) {
		if (pipe(fds) < 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, fds) < 0) {
			fprintf(stderr, "hold-fds: after %ld pairs: %s (RLIMIT_NOFILE %llu)\n", i,
				strerror(errno), (unsigned long long)rl.rlim_cur);
			return 1;
		}
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
