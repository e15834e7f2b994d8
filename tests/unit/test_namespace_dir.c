/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * namespace_dir_open() on a tree the test makes, through our own mount
 * namespace taken as another's (links never followed) and as our own:
 * once with openat2() and once where openat2() fails with ENOSYS, in a
 * child behind a seccomp filter, so the walk a name at a time must give
 * the same answers as the kernel's resolution.
 */
#include "namespace_dir.h"
#include "namespaces.h"
#include "../tools/refuse_openat2.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

/* The tree, under a fresh directory: d/a/b a directory, d/file a file,
 * d/link -> a, d/a/last -> b, d/a/proc -> /proc/self/root (a magic link's
 * way, as a hostile root would offer). Paths are relative to "/". */
static char top[PATH_MAX];

static void make_tree(void)
{
	char tmpl[] = "/tmp/ipcscope-nsdir.XXXXXX";
	char path[PATH_MAX + 32];

	assert_non_null(mkdtemp(tmpl));
	/* realpath: no link of the machine's own on the way, so only the test's links are met. */
	assert_non_null(realpath(tmpl, top));
	snprintf(path, sizeof(path), "%s/d", top);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/d/a", top);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/d/a/b", top);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/d/file", top);
	int fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	close(fd);
	snprintf(path, sizeof(path), "%s/d/link", top);
	assert_int_equal(symlink("a", path), 0);
	snprintf(path, sizeof(path), "%s/d/a/last", top);
	assert_int_equal(symlink("b", path), 0);
	snprintf(path, sizeof(path), "%s/d/a/proc", top);
	assert_int_equal(symlink("/proc/self/root", path), 0);
}

static void remove_tree(void)
{
	static const char *const names[] = { "d/a/proc", "d/a/last", "d/link", "d/file", "d/a/b", "d/a", "d" };
	char path[PATH_MAX + 32];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", top, names[i]);
		if (unlink(path) != 0)
			rmdir(path);
	}
	rmdir(top);
}

static struct namespace our_mount_namespace(bool own)
{
	struct stat st;

	assert_int_equal(stat("/proc/self/ns/mnt", &st), 0);
	return (struct namespace){ .type = NS_MNT, .inode = st.st_ino, .pid = getpid(), .own = own };
}

/* Opens top/REL through the namespace; the errno of a failure, or 0 with *ino set. */
static int open_rel(bool own, const char *rel, ino_t *ino)
{
	struct namespace ns = our_mount_namespace(own);
	char path[PATH_MAX + 32];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", top + 1, rel);
	int fd = namespace_dir_open(&ns, path, &st);
	if (fd < 0)
		return errno;
	/* Opened to be read, not only reached. */
	int flags = fcntl(fd, F_GETFL);
	close(fd);
	if ((flags & O_PATH) || (flags & O_ACCMODE) != O_RDONLY)
		return -1;
	*ino = st.st_ino;
	return 0;
}

static ino_t inode_of(const char *rel)
{
	char path[PATH_MAX + 32];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", top, rel);
	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

/* Every answer, as one line per case: what the parent and the child compare. */
static void answers(char *out, size_t size)
{
	static const struct {
		bool own;
		const char *rel;
	} cases[] = {
		{ false, "d/a/b" },  { false, "./d/a//b" }, { false, "d/link/b" }, { false, "d/a/last" },
		{ false, "d/file" }, { false, "d/a/proc" }, { false, "d/gone" },   { true, "d/link/b" },
		{ true, "d/a/last" },
	};
	size_t len = 0;

	out[0] = '\0';
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ino_t ino = 0;
		int err = open_rel(cases[i].own, cases[i].rel, &ino);
		len += (size_t)snprintf(out + len, size - len, "%s %s: %s\n", cases[i].own ? "own" : "other",
					cases[i].rel,
					err ? strerror(err) : ino == inode_of("d/a/b") ? "d/a/b" : "another directory");
		assert_true(len < size);
	}
}

static const char expected[] = "other d/a/b: d/a/b\n"
			       "other ./d/a//b: d/a/b\n"
			       "other d/link/b: Too many levels of symbolic links\n"
			       "other d/a/last: Too many levels of symbolic links\n"
			       "other d/file: Not a directory\n"
			       "other d/a/proc: Too many levels of symbolic links\n"
			       "other d/gone: No such file or directory\n"
			       "own d/link/b: d/a/b\n"
			       "own d/a/last: d/a/b\n";

static void with_openat2(void **state)
{
	(void)state;
	char out[1024];

	make_tree();
	answers(out, sizeof(out));
	remove_tree();
	assert_string_equal(out, expected);
}

static void without_openat2(void **state)
{
	(void)state;
	int pipefd[2];
	char out[1024];

	make_tree();
	assert_int_equal(pipe(pipefd), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(pipefd[0]);
		if (refuse_openat2() != 0)
			_exit(2);
		answers(out, sizeof(out));
		ssize_t n = write(pipefd[1], out, strlen(out));
		_exit(n == (ssize_t)strlen(out) ? 0 : 1);
	}
	close(pipefd[1]);
	size_t len = 0;
	for (ssize_t n; len < sizeof(out) - 1 && (n = read(pipefd[0], out + len, sizeof(out) - 1 - len)) > 0;)
		len += (size_t)n;
	out[len] = '\0';
	close(pipefd[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	remove_tree();
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		fail_msg("the child behind the filter ended with status %d", status);
	assert_string_equal(out, expected);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(with_openat2),
		cmocka_unit_test(without_openat2),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
