/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "pid_namespace.h"

#include <pthread.h>
#include <sys/stat.h>

/* The kernel gives the initial PID namespace a fixed inode number (PROC_PID_INIT_INO). */
#define INITIAL_PID_NAMESPACE_INO 0xEFFFFFFCu

static bool initial;
static pthread_once_t looked = PTHREAD_ONCE_INIT;

static void look(void)
{
	struct stat st;

	/* stat() follows the ns link to the namespace itself; its inode names it. */
	initial = stat("/proc/self/ns/pid", &st) == 0 && st.st_ino == INITIAL_PID_NAMESPACE_INO;
}

bool pid_namespace_is_initial(void)
{
	pthread_once(&looked, look);
	return initial;
}
