/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "refuse_openat2.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/openat2.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int refuse_openat2(void)
{
	/* openat2 has one number on every architecture (437), so the filter need not look at arch. */
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	/* Root may install a filter as it is; anyone else must give up gaining privileges first. */
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0 &&
	    (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 ||
	     prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) != 0)) {
		fprintf(stderr, "refuse_openat2: cannot install a seccomp filter: %s\n", strerror(errno));
		return -1;
	}
	struct open_how how = { .flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC };
	long fd = syscall(SYS_openat2, AT_FDCWD, "/", &how, sizeof(how));
	if (fd >= 0 || errno != ENOSYS) {
		fprintf(stderr, "refuse_openat2: openat2 still answers (%s)\n",
			fd >= 0 ? "it opened /" : strerror(errno));
		if (fd >= 0)
			close((int)fd);
		return -1;
	}
	return 0;
}
