/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * without_openat2 COMMAND [ARG...]: runs COMMAND where openat2() fails
 * with ENOSYS, so a test can run ipcscope as it runs in a container whose
 * seccomp profile lacks the call, or on a kernel before 5.6.
 */
#include "refuse_openat2.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s COMMAND [ARG...]\n", argv[0]);
		return 2;
	}
	if (refuse_openat2() != 0)
		return 126;
	execvp(argv[1], argv + 1);
	fprintf(stderr, "%s: cannot run %s: %s\n", argv[0], argv[1], strerror(errno));
	return 127;
}
