/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ns_scene.h"
#include "runner.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <netinet/in.h>
#include <sched.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define MQ_DIR "/dev/mqueue"

struct ns_child ns_children[NS_CHILDREN];

/* What a child says once it has made its part of the scene, or why it could not. */
struct report {
	char error[192]; /* empty when all was made */
	bool unsupported; /* this system cannot make it: skip rather than fail */
	int shmid, msqid;
	uint64_t demo_ino, gone_ino;
};

static char scene_error[256];
static bool scene_unsupported;
static bool made_mq_dir;

static bool failed(struct report *r, bool unsupported, const char *what)
{
	snprintf(r->error, sizeof(r->error), "%s: %s", what, strerror(errno));
	r->unsupported = unsupported;
	return false;
}

static bool write_sysctl(const char *path, long value)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return false;
	fprintf(f, "%ld\n", value);
	return fclose(f) == 0;
}

/* New namespaces, private mounts, its own /dev/shm and /dev/mqueue, and its own limits. */
static bool enter_namespaces(const struct ns_child *c, struct report *r)
{
	if (unshare(CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWNS) < 0)
		return failed(r, true, "unshare(CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWNS)");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return failed(r, false, "making / private");
	if (mount("none", "/dev/shm", "tmpfs", 0, "mode=1777") < 0)
		return failed(r, false, "mounting a tmpfs on /dev/shm");
	if (mount("none", MQ_DIR, "mqueue", 0, NULL) < 0)
		return failed(r, errno == ENODEV || errno == ENOENT, "mounting an mqueue file system on " MQ_DIR);
	bring_up_loopback(NULL);
	if (!write_sysctl("/proc/sys/kernel/shmmni", c->shmmni) ||
	    !write_sysctl("/proc/sys/kernel/msgmni", c->msgmni) ||
	    !write_sysctl("/proc/sys/fs/mqueue/queues_max", c->queues_max))
		return failed(r, false, "setting the IPC namespace's limits");
	return true;
}

static bool put_at(int fd, int at)
{
	if (fd < 0 || dup2(fd, at) != at)
		return false;
	close(fd);
	return true;
}

/* Listener, client and server on 127.0.0.1:NS_PORT, and a unix socket pair. */
static bool make_sockets(struct report *r)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(NS_PORT) };
	int pair[2];

	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	int listener = socket(AF_INET, SOCK_STREAM, 0);
	if (!put_at(listener, NS_FD_LISTENER) ||
	    bind(NS_FD_LISTENER, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(NS_FD_LISTENER, 4) < 0)
		return failed(r, false, "listening on 127.0.0.1:7000");
	int client = socket(AF_INET, SOCK_STREAM, 0);
	if (!put_at(client, NS_FD_CLIENT) || connect(NS_FD_CLIENT, (struct sockaddr *)&a, sizeof(a)) < 0)
		return failed(r, false, "connecting to 127.0.0.1:7000");
	if (!put_at(accept(NS_FD_LISTENER, NULL, NULL), NS_FD_SERVER))
		return failed(r, false, "accepting on 127.0.0.1:7000");
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, pair) < 0 || !put_at(pair[0], NS_FD_UNIX0) ||
	    !put_at(pair[1], NS_FD_UNIX1))
		return failed(r, false, "making a unix socket pair");
	return true;
}

/* A segment it attaches and a queue with `messages` messages, under the same key in both. */
static bool make_sysv(const struct ns_child *c, struct report *r)
{
	struct {
		long type;
		char text[NS_MSG_SIZE];
	} msg = { .type = 1 };

	r->shmid = shmget(NS_SYSV_KEY, c->shm_size, IPC_CREAT | IPC_EXCL | 0600);
	if (r->shmid < 0 || shmat(r->shmid, NULL, 0) == (void *)-1)
		return failed(r, false, "making and attaching a SysV segment");
	r->msqid = msgget(NS_SYSV_KEY, IPC_CREAT | IPC_EXCL | 0600);
	if (r->msqid < 0)
		return failed(r, false, "making a SysV message queue");
	memset(msg.text, 'q', sizeof(msg.text));
	for (int i = 0; i < c->messages; i++)
		if (msgsnd(r->msqid, &msg, sizeof(msg.text), 0) < 0)
			return failed(r, false, "sending to the SysV message queue");
	return true;
}

/* A /dev/shm file of `size` bytes, mapped read-write; its inode. 0 when it cannot be. */
static uint64_t map_shm_file(const char *name, size_t size)
{
	struct stat st;
	int fd = shm_open(name, O_CREAT | O_EXCL | O_RDWR, 0600);

	if (fd < 0 || ftruncate(fd, (off_t)size) < 0 || fstat(fd, &st) < 0 ||
	    mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED)
		return 0;
	close(fd); /* the mapping alone holds it */
	return st.st_ino;
}

/* /nsdemo mapped, /nsgone mapped and unlinked, a semaphore, and a queue held open. */
static bool make_posix(const struct ns_child *c, struct report *r)
{
	struct mq_attr attr = { .mq_maxmsg = 4, .mq_msgsize = NS_MSG_SIZE };
	char text[NS_MSG_SIZE] = "posix";

	if (!(r->demo_ino = map_shm_file(NS_SHM_NAME, c->shm_size)))
		return failed(r, false, "mapping " NS_SHM_NAME);
	if (!(r->gone_ino = map_shm_file(NS_GONE_NAME, 3 * 4096)) || shm_unlink(NS_GONE_NAME) < 0)
		return failed(r, false, "mapping and unlinking " NS_GONE_NAME);
	if (sem_open(NS_SEM_NAME, O_CREAT | O_EXCL, 0600, (unsigned)c->messages) == SEM_FAILED)
		return failed(r, false, "making the semaphore " NS_SEM_NAME);
	mqd_t q = mq_open(NS_MQ_NAME, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
	if (q == (mqd_t)-1 || !put_at(q, NS_FD_QUEUE))
		return failed(r, false, "opening the queue " NS_MQ_NAME);
	for (int i = 0; i < c->messages; i++)
		if (mq_send(NS_FD_QUEUE, text, sizeof(text), 0) < 0)
			return failed(r, false, "sending to " NS_MQ_NAME);
	return true;
}

/* In the child: make its part, say so on `out`, and hold it all until killed. */
static void run_child(const struct ns_child *c, int out)
{
	struct report r = { 0 };
	int null = open("/dev/null", O_RDWR);

	/* Nothing of the test's but the report pipe: no pipe of ctest's stays held. */
	for (int fd = 0; fd < 3 && null >= 0; fd++)
		dup2(null, fd);
	close_range(3, (unsigned)out - 1, 0);
	close_range((unsigned)out + 1, ~0U, 0);
	if (enter_namespaces(c, &r) && make_sockets(&r) && make_sysv(c, &r))
		make_posix(c, &r);
	if (write(out, &r, sizeof(r)) != (ssize_t)sizeof(r) || r.error[0])
		_exit(1);
	close(out);
	for (;;)
		pause();
}

uint64_t ns_inode(pid_t pid, const char *type)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, type);
	if (stat(path, &st) < 0)
		fail_msg("%s: %s", path, strerror(errno));
	return st.st_ino;
}

/* Start child i and wait for its report; false, saying why in scene_error, when it failed. */
static bool start_child(int i)
{
	struct ns_child *c = &ns_children[i];
	struct report r = { 0 };
	int p[2];

	/* The second child's numbers are the first's doubled, and its limits too. */
	c->shm_size = 4096 * (size_t)(i + 1);
	c->messages = i + 1;
	c->shmmni = 64L << i;
	c->msgmni = 48L << i;
	c->queues_max = 32L << i;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	c->pid = fork_holder();
	if (c->pid == 0) {
		close(p[0]);
		run_child(c, p[1]);
	}
	close(p[1]);
	ssize_t n = read(p[0], &r, sizeof(r));
	close(p[0]);
	if (n != (ssize_t)sizeof(r))
		snprintf(r.error, sizeof(r.error), "it ended before it reported");
	if (r.error[0]) {
		snprintf(scene_error, sizeof(scene_error), "namespace child %d: %s", (int)c->pid, r.error);
		scene_unsupported = r.unsupported;
		return false;
	}
	c->netns = ns_inode(c->pid, "net");
	c->ipcns = ns_inode(c->pid, "ipc");
	c->mntns = ns_inode(c->pid, "mnt");
	c->shmid = r.shmid;
	c->msqid = r.msqid;
	c->demo_ino = r.demo_ino;
	c->gone_ino = r.gone_ino;
	return true;
}

int ns_scene_setup(void **state)
{
	(void)state;
	if (!private_namespaces())
		return 0; /* every case skips */
	/* /dev is the machine's devtmpfs: the mount point is made once, removed after. */
	if (mkdir(MQ_DIR, 0755) == 0)
		made_mq_dir = true;
	for (int i = 0; i < NS_CHILDREN; i++)
		if (!start_child(i))
			break;
	return 0;
}

int ns_scene_teardown(void **state)
{
	(void)state;
	for (int i = 0; i < NS_CHILDREN; i++) {
		stop_holder(ns_children[i].pid);
		ns_children[i].pid = 0;
	}
	if (made_mq_dir)
		rmdir(MQ_DIR);
	return 0;
}

void need_scene(void)
{
	need_private_namespaces();
	if (scene_unsupported)
		skip_because("%s", scene_error);
	if (scene_error[0])
		fail_msg("the scene could not be made: %s", scene_error);
}

bool ns_is_child(pid_t pid)
{
	for (int i = 0; i < NS_CHILDREN; i++)
		if (ns_children[i].pid == pid)
			return true;
	return false;
}

pid_t fork_into_ipcns(pid_t target)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/ipc", (int)target);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail_msg("%s: %s", path, strerror(errno));
	pid_t pid = fork_holder();
	if (pid == 0) {
		if (setns(fd, CLONE_NEWIPC) < 0)
			_exit(125);
		close(fd);
		return 0;
	}
	close(fd);
	return pid;
}

enum segment_state segment_in(pid_t target, int shmid)
{
	struct shmid_ds ds;
	int status;

	pid_t pid = fork_into_ipcns(target);
	if (pid == 0) {
		if (shmctl(shmid, IPC_STAT, &ds) < 0)
			_exit(errno == EINVAL || errno == EIDRM ? SEGMENT_GONE : 124);
		_exit(ds.shm_perm.mode & SHM_DEST ? SEGMENT_MARKED : SEGMENT_PRESENT);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status) > SEGMENT_GONE)
		fail_msg("could not look at segment %d in the IPC namespace of %d (status %d)", shmid,
			 (int)target, status);
	return (enum segment_state)WEXITSTATUS(status);
}
