/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Makes SysV and POSIX objects of every shape the parser tests need, then
 * copies /proc/sysvipc/{shm,msg,sem} and its own /proc/self/maps into DIR.
 * Run it in private namespaces, so nothing else is seen or disturbed:
 *   unshare --ipc --mount --fork sh -c \
 *     'mount -t tmpfs none /dev/shm && build/tests/record_ipc_fixtures DIR'
 */
#include "copy_fixture.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	/* Attached read-write and touched, so rss is not 0. */
	int a = shmget(0x0a11ce01, 8192, IPC_CREAT | 0640);
	char *pa = shmat(a, NULL, 0);
	memset(pa, 1, 8192);
	/* Attached read-only, then removed: perms gain SHM_DEST, the key becomes 0. */
	int b = shmget((key_t)0xdeadbeef, 4096, IPC_CREAT | 0600);
	shmat(b, NULL, SHM_RDONLY);
	shmctl(b, IPC_RMID, NULL);
	/* Never attached: lpid, atime and dtime 0. */
	shmget(IPC_PRIVATE, 65536, IPC_CREAT | 0600);

	struct {
		long type;
		char text[100];
	} msg = { .type = 1 };
	int q = msgget(0x0a11ce02, IPC_CREAT | 0620);
	for (int i = 0; i < 3; i++)
		msgsnd(q, &msg, sizeof(msg.text), 0);
	msgget(IPC_PRIVATE, IPC_CREAT | 0600);

	int s = semget(0x0a11ce03, 2, IPC_CREAT | 0600);
	struct sembuf up = { .sem_num = 1, .sem_op = 2 };
	semop(s, &up, 1);
	/* A key that is negative as the kernel prints it (%d). */
	semget((key_t)0xdeadbeef, 1, IPC_CREAT | 0644);

	int fd = open("/dev/shm/fixture.shm", O_CREAT | O_RDWR, 0600);
	if (fd < 0 || ftruncate(fd, 8192) != 0 ||
	    mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED)
		return 1;
	int mfd = memfd_create("fixture", 0);
	if (mfd < 0 || ftruncate(mfd, 4096) != 0 ||
	    mmap(NULL, 4096, PROT_READ, MAP_SHARED, mfd, 0) == MAP_FAILED)
		return 1;

	return copy_fixture("/proc/sysvipc/shm", argv[1], "shm") | copy_fixture("/proc/sysvipc/msg", argv[1], "msg") |
	       copy_fixture("/proc/sysvipc/sem", argv[1], "sem") |
	       copy_fixture("/proc/self/maps", argv[1], "shared-memory");
}
