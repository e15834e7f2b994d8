/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --stale: objects left behind on purpose, as leaks look in real life, for
 * the stale and clean commands to find.  `load` never removes them.
 */
#include "load.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void stale_object(struct load *L, const char *kind, char *id, char *name)
{
	/* Indexed after the call: load_object may move the array. */
	size_t i = load_object(L, kind, id, name, 0);
	L->objects[i].stale = true;
}

/* A segment whose creator has exited, attached by nobody. */
static void orphaned_segment(struct load *L)
{
	int pipefd[2], id = -1;
	if (pipe(pipefd) < 0)
		return;
	pid_t pid = fork();
	if (pid == 0) {
		id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
		_exit(write(pipefd[1], &id, sizeof(id)) == sizeof(id) ? 0 : 1);
	}
	close(pipefd[1]);
	if (pid > 0 && read(pipefd[0], &id, sizeof(id)) == sizeof(id) && id >= 0)
		stale_object(L, "sysv_shm", xasprintf("%d", id), NULL);
	close(pipefd[0]);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

int load_make_stale(struct load *L)
{
	char *name = load_name(L, "stale-shm", 0);
	int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);

	orphaned_segment(L);
	if (fd >= 0 && ftruncate(fd, 4096) == 0) {
		char *id = load_posix_id(fd);
		close(fd);
		stale_object(L, "posix_shm", id, name);
	} else {
		if (fd >= 0)
			close(fd);
		free(name);
	}
	char *fifo = xasprintf("%s/stale.fifo", L->stale_dir);
	if (mkfifo(fifo, 0600) == 0)
		stale_object(L, "fifo", NULL, fifo);
	else
		free(fifo);
	/* Bound, then closed: the socket file stays, with nothing listening. */
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/stale.sock", L->stale_dir);
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s >= 0 && bind(s, (struct sockaddr *)&addr, sizeof(addr)) == 0)
		stale_object(L, "unix", NULL, xstrdup(addr.sun_path));
	if (s >= 0)
		close(s);
	return 0;
}
