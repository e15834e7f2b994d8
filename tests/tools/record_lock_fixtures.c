/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Takes locks of every type, with requests blocked on them (two deep on the
 * flock), then copies /proc/locks and the fdinfo of a flock and an OFD
 * descriptor into DIR.  The children it leaves blocked are killed at the end.
 *   build/tests/record_lock_fixtures DIR
 */
#include "copy_fixture.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

static int open_in(const char *dir, const char *name, int flags)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return open(path, flags | O_CREAT, 0644);
}

static void range_lock(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
	fcntl(fd, cmd, &fl);
}

/* A child that opens `name` anew and blocks in `fn`; returns its pid. */
static pid_t blocked(const char *dir, const char *name, void (*fn)(int fd))
{
	pid_t pid = fork();
	if (pid == 0) {
		fn(open_in(dir, name, O_RDWR));
		_exit(0);
	}
	usleep(100 * 1000);
	return pid;
}

static void flock_ex(int fd) { flock(fd, LOCK_EX); }
static void flock_sh(int fd) { flock(fd, LOCK_SH); }
static void posix_wait(int fd) { range_lock(fd, F_SETLKW, F_WRLCK, 100, 5); }
static void ofd_wait(int fd) { range_lock(fd, F_OFD_SETLKW, F_RDLCK, 0, 0); }

int main(int argc, char **argv)
{
	char path[64];
	pid_t kids[4];

	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	const char *dir = argv[1];
	int a = open_in(dir, "flock", O_RDWR), b = open_in(dir, "posix", O_RDWR);
	int c = open_in(dir, "ofd", O_RDWR), d = open_in(dir, "shared", O_RDONLY);
	int e = open_in(dir, "lease", O_RDONLY);
	flock(a, LOCK_EX);
	range_lock(b, F_SETLK, F_WRLCK, 10, 100);
	range_lock(c, F_OFD_SETLK, F_WRLCK, 10, 20);
	flock(d, LOCK_SH);
	fcntl(e, F_SETLEASE, F_RDLCK);
	/* The shared request queues behind the exclusive one and blocks the next. */
	kids[0] = blocked(dir, "flock", flock_sh);
	kids[1] = blocked(dir, "flock", flock_ex);
	kids[2] = blocked(dir, "posix", posix_wait);
	kids[3] = blocked(dir, "ofd", ofd_wait);

	int rc = copy_fixture("/proc/locks", dir, "locks");
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", a);
	rc |= copy_fixture(path, dir, "fdinfo-flock");
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", c);
	rc |= copy_fixture(path, dir, "fdinfo-ofd");
	for (int i = 0; i < 4; i++) {
		kill(kids[i], SIGKILL);
		waitpid(kids[i], NULL, 0);
	}
	return rc;
}
