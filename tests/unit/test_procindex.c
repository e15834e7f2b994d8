/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The process index's lookup: an object by (class, device, inode), with
 * every descriptor on it, whichever process holds them.  The index is built
 * from this machine's /proc, and the objects looked up are the test's own:
 * a pipe it shares with a child, a FIFO, and many more pipes than the
 * index's first table has room for.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ipc_object.h"
#include "procindex.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Past the 1,024 slots the index starts with, so that it grows while being built. */
#define MANY_PIPES 600

struct scene {
	int shared[2];      /* a pipe the child holds too */
	pid_t child;
	char dir[64], fifo_path[96];
	int fifo;
	struct stat fifo_st;
	int many[MANY_PIPES][2];
	struct procindex idx;
};

static uint64_t inode_of(int fd)
{
	struct stat st;

	assert_int_equal(fstat(fd, &st), 0);
	return st.st_ino;
}

/* Room for the pipes: the soft descriptor limit may be lower than they need. */
static void raise_nofile(void)
{
	struct rlimit rl;

	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur < 2 * MANY_PIPES + 64) {
		rl.rlim_cur = rl.rlim_max;
		assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	if (rl.rlim_cur < 2 * MANY_PIPES + 64)
		fail_msg("RLIMIT_NOFILE is %llu; the test needs %d descriptors",
			 (unsigned long long)rl.rlim_cur, 2 * MANY_PIPES + 64);
}

static int setup(void **state)
{
	struct scene *s = calloc(1, sizeof(*s));
	assert_non_null(s);
	raise_nofile();
	assert_int_equal(pipe(s->shared), 0);
	pid_t parent = getpid();
	s->child = fork();
	assert_true(s->child >= 0);
	if (s->child == 0) {
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
			_exit(1);
		for (;;)
			pause();
	}
	snprintf(s->dir, sizeof(s->dir), "/tmp/ipcscope-procindex.XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->fifo_path, sizeof(s->fifo_path), "%s/fifo", s->dir);
	assert_int_equal(mkfifo(s->fifo_path, 0600), 0);
	s->fifo = open(s->fifo_path, O_RDWR | O_CLOEXEC); /* no wait for a partner */
	assert_true(s->fifo >= 0);
	assert_int_equal(fstat(s->fifo, &s->fifo_st), 0);
	for (int i = 0; i < MANY_PIPES; i++)
		assert_int_equal(pipe2(s->many[i], O_CLOEXEC), 0);

	struct procindex_request req = {
		.fd_classes = FD_CLASS_BIT(FD_PIPE) | FD_CLASS_BIT(FD_FIFO),
		.needs = INDEX_NEED_PATH_STAT,
	};
	file_set_seal(&req.files);
	assert_int_equal(procindex_build(&s->idx, &req), 0);
	file_set_free(&req.files);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct scene *s = *state;

	procindex_free(&s->idx);
	kill(s->child, SIGKILL);
	waitpid(s->child, NULL, 0);
	for (int i = 0; i < MANY_PIPES; i++) {
		close(s->many[i][0]);
		close(s->many[i][1]);
	}
	close(s->shared[0]);
	close(s->shared[1]);
	close(s->fifo);
	unlink(s->fifo_path);
	rmdir(s->dir);
	free(s);
	return 0;
}

/* Both ends of the shared pipe, in both processes: four holders of one object. */
static void several_holders_of_one_pipe(void **state)
{
	struct scene *s = *state;
	const struct fd_group *g = procindex_find(&s->idx, FD_PIPE, 0, inode_of(s->shared[0]));
	bool seen[2][2] = { { false } }; /* [process: us, child][end: read, write] */

	assert_non_null(g);
	assert_int_equal(g->cls, FD_PIPE);
	assert_int_equal(g->count, 4);
	procindex_foreach_in_group(&s->idx, g, e)
	{
		const struct proc_info *p = procindex_proc_of(&s->idx, e);
		int who = p->pid == getpid() ? 0 : p->pid == s->child ? 1 : -1;
		int end = e->fd == s->shared[0] ? 0 : e->fd == s->shared[1] ? 1 : -1;
		if (who < 0 || end < 0)
			fail_msg("pid %d fd %d holds the pipe", p->pid, e->fd);
		assert_false(seen[who][end]);
		seen[who][end] = true;
		assert_int_equal(e->access, end == 0 ? ACCESS_READ : ACCESS_WRITE);
		assert_int_equal(e->ino, g->ino);
	}
	for (int who = 0; who < 2; who++)
		assert_true(seen[who][0] && seen[who][1]);
}

/* A FIFO by its device and inode, with the path it was opened by. */
static void a_fifo_by_device_and_inode(void **state)
{
	struct scene *s = *state;
	const struct fd_group *g =
		procindex_find(&s->idx, FD_FIFO, s->fifo_st.st_dev, s->fifo_st.st_ino);

	assert_non_null(g);
	assert_int_equal(g->count, 1);
	const struct fd_entry *e = &s->idx.fds[g->first];
	assert_int_equal(e->next, -1);
	assert_int_equal(e->fd, s->fifo);
	assert_int_equal(procindex_proc_of(&s->idx, e)->pid, getpid());
	assert_int_equal(e->access, ACCESS_READ | ACCESS_WRITE);
	assert_string_equal(e->path, s->fifo_path);
}

/* The same inode and device under another class is another object: none here. */
static void class_must_match(void **state)
{
	struct scene *s = *state;
	uint64_t pipe_ino = inode_of(s->shared[0]);

	assert_null(procindex_find(&s->idx, FD_FIFO, 0, pipe_ino));
	assert_null(procindex_find(&s->idx, FD_SOCKET, 0, pipe_ino));
	assert_null(procindex_find(&s->idx, FD_PIPE, s->fifo_st.st_dev, s->fifo_st.st_ino));
	assert_null(procindex_find(&s->idx, FD_PATH, s->fifo_st.st_dev, s->fifo_st.st_ino));
}

static void device_must_match(void **state)
{
	struct scene *s = *state;

	assert_null(procindex_find(&s->idx, FD_FIFO, s->fifo_st.st_dev + 1, s->fifo_st.st_ino));
	assert_null(procindex_find(&s->idx, FD_PIPE, 1, inode_of(s->shared[0])));
}

static void what_nobody_holds_is_not_found(void **state)
{
	struct scene *s = *state;
	struct procindex empty = { 0 };

	assert_null(procindex_find(&s->idx, FD_PIPE, 0, UINT64_MAX));
	assert_null(procindex_find(&s->idx, FD_FIFO, s->fifo_st.st_dev, UINT64_MAX));
	assert_null(procindex_find(&empty, FD_PIPE, 0, inode_of(s->shared[0])));
}

/* Every one of many objects is found, each with its own two ends and no other's. */
static void many_objects_each_found(void **state)
{
	struct scene *s = *state;

	for (int i = 0; i < MANY_PIPES; i++) {
		uint64_t ino = inode_of(s->many[i][0]);
		const struct fd_group *g = procindex_find(&s->idx, FD_PIPE, 0, ino);
		if (!g)
			fail_msg("pipe %d of %d (inode %llu) not found", i, MANY_PIPES,
				 (unsigned long long)ino);
		assert_int_equal(g->count, 2);
		assert_true(g->ino == ino);
		procindex_foreach_in_group(&s->idx, g, e)
			assert_true(e->fd == s->many[i][0] || e->fd == s->many[i][1]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(several_holders_of_one_pipe),
		cmocka_unit_test(a_fifo_by_device_and_inode),
		cmocka_unit_test(class_must_match),
		cmocka_unit_test(device_must_match),
		cmocka_unit_test(what_nobody_holds_is_not_found),
		cmocka_unit_test(many_objects_each_found),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
