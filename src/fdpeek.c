/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fdpeek.h"

#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif
#ifndef SYS_pidfd_getfd
#define SYS_pidfd_getfd 438
#endif

int fdpeek_dup(struct fdpeek *peek, int pid, int fd)
{
	/* Descriptors of one process come together, so one cached pidfd
	 * saves a pidfd_open() per object without holding one per process. */
	if (peek->pid != pid) {
		fdpeek_release(peek);
		int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
		if (pidfd < 0)
			return -1;
		peek->pid = pid;
		peek->pidfd = pidfd;
	}
	return (int)syscall(SYS_pidfd_getfd, peek->pidfd, fd, 0);
}

void fdpeek_release(struct fdpeek *peek)
{
	if (peek->pidfd >= 0) {
		int saved = errno;
		close(peek->pidfd);
		errno = saved;
	}
	peek->pid = 0;
	peek->pidfd = -1;
}
