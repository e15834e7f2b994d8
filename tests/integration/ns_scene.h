/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The scene of the namespace tests: two children, each in network, IPC and
 * mount namespaces of its own, both holding objects of the same names,
 * numbers and ports, so that only the namespace tells them apart.  The
 * test itself stays in the namespaces hermetic.sh gave it: a third set,
 * which is ipcscope's own when the test runs it.
 */
#ifndef IPCSCOPE_TEST_NS_SCENE_H
#define IPCSCOPE_TEST_NS_SCENE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define NS_PORT 7000
#define NS_SYSV_KEY 0x6e5d0001
#define NS_SYSV_KEY_TEXT "0x6e5d0001"
#define NS_MSG_SIZE 16
#define NS_SHM_NAME "/nsdemo"
#define NS_GONE_NAME "/nsgone" /* unlinked while mapped */
#define NS_SEM_NAME "/nssem"
#define NS_MQ_NAME "/nsqueue"

/* The descriptors through which each child holds its sockets and its queue. */
enum ns_fd {
	NS_FD_LISTENER = 40,
	NS_FD_SERVER,
	NS_FD_CLIENT,
	NS_FD_UNIX0,
	NS_FD_UNIX1,
	NS_FD_QUEUE,
};

/*
 * One child and what it made.  Sizes, counts and limits differ between the
 * two children, so a value read in the wrong namespace shows.
 */
struct ns_child {
	pid_t pid;
	uint64_t netns, ipcns, mntns;
	int shmid, msqid;      /* the same in both: fresh IPC namespaces */
	size_t shm_size;       /* of its SysV segment and of its /nsdemo file */
	int messages;          /* in its SysV and POSIX queues; its semaphore's value */
	uint64_t demo_ino;     /* /nsdemo in its /dev/shm */
	uint64_t gone_ino;     /* /nsgone, unlinked, still mapped */
	long shmmni, msgmni, queues_max; /* limits it set in its IPC namespace */
};

#define NS_CHILDREN 2
extern struct ns_child ns_children[NS_CHILDREN];

/*
 * Group set-up and tear-down: start the two children (nothing without
 * private namespaces), and kill and reap them.  A case begins with
 * need_scene(), which skips or fails it when the scene could not be made.
 */
int ns_scene_setup(void **state);
int ns_scene_teardown(void **state);
void need_scene(void);

/* Whether pid is one of the two children. */
bool ns_is_child(pid_t pid);
/* The inode of /proc/PID/ns/TYPE ("net", "ipc", "mnt"); fails the test when it cannot be read. */
uint64_t ns_inode(pid_t pid, const char *type);

/*
 * fork_holder(), the child having entered the IPC namespace of process
 * `target` (it exits 125 when it cannot): 0 in the child, its pid in the parent.
 */
pid_t fork_into_ipcns(pid_t target);

enum segment_state { SEGMENT_PRESENT, SEGMENT_MARKED, SEGMENT_GONE };
/* A segment as the IPC namespace of `target` sees it: there, marked for removal, or gone. */
enum segment_state segment_in(pid_t target, int shmid);

#endif
