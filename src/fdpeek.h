/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_FDPEEK_H
#define IPCSCOPE_FDPEEK_H

/*
 * A private duplicate of another process's descriptor, taken with
 * pidfd_getfd(2).  Unlike opening /proc/PID/fd/N this does not open the
 * object again, so it adds no reader or writer to a FIFO and cannot
 * complete a writer's blocked open().  It needs ptrace rights over the
 * process; without them the caller reports the values as unknown.
 */
struct fdpeek {
	int pid;   /* whose pidfd is cached, 0 for none */
	int pidfd;
};

#define FDPEEK_INIT { 0, -1 }

/* A new descriptor the caller closes, or -1 with errno set. */
int fdpeek_dup(struct fdpeek *peek, int pid, int fd);
void fdpeek_release(struct fdpeek *peek);

#endif
