/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * An unprivileged user tries to make root's `clean` remove a file outside
 * the tree it was asked to search.  The user owns a directory with stale
 * socket files and FIFOs in it, and a symbolic link beside it to a
 * directory only root may enter that holds files of the same names; while
 * root cleans, the user swaps the directory and the link, again and again,
 * with one renameat2(RENAME_EXCHANGE).  Nothing outside the tree may ever
 * go, and the stale files inside it must still be removed.
 */
#include "runner.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define ATTACKER 65534
#define FILES 16  /* stale files of each kind, and as many of root's to protect */
#define TRIALS 200

struct scene {
	char base[64];    /* root's, 0755 */
	char secret[96];  /* base/secret: root's, 0700, outside the tree */
	char tree[96];    /* base/tree: the --path, the attacker's */
	char a[128];      /* tree/a: the attacker's; holds d (a directory) and s (the link) */
};

/* DIR/PREFIX<i>: t for socket files, f for FIFOs. */
static void path_in(char *buf, size_t len, const char *dir, char prefix, int i)
{
	snprintf(buf, len, "%s/%c%d", dir, prefix, i);
}

static void make_socket_file(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	assert_true(strlen(path) < sizeof(addr.sun_path));
	memcpy(addr.sun_path, path, strlen(path) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	close(fd); /* bound, then closed: a stale socket file */
	assert_int_equal(lchown(path, ATTACKER, ATTACKER), 0);
}

/* d as a directory again, with every stale file it should have; root's files all there. */
static void reset(const struct scene *s)
{
	char d[192], path[256];
	struct stat st;

	snprintf(d, sizeof(d), "%s/d", s->a);
	assert_int_equal(lstat(d, &st), 0);
	if (S_ISLNK(st.st_mode)) {
		char other[192];
		snprintf(other, sizeof(other), "%s/s", s->a);
		assert_int_equal(renameat2(AT_FDCWD, d, AT_FDCWD, other, RENAME_EXCHANGE), 0);
	}
	for (int i = 0; i < FILES; i++) {
		path_in(path, sizeof(path), d, 't', i);
		if (lstat(path, &st) < 0)
			make_socket_file(path);
		path_in(path, sizeof(path), d, 'f', i);
		if (lstat(path, &st) < 0) {
			assert_int_equal(mkfifo(path, 0600), 0);
			assert_int_equal(lchown(path, ATTACKER, ATTACKER), 0);
		}
	}
}

/* Root's files that have gone; each is put back so later trials can catch another. */
static int count_and_restore_secrets(const struct scene *s)
{
	char path[256];
	struct stat st;
	int lost = 0;

	for (int i = 0; i < FILES; i++) {
		for (int k = 0; k < 2; k++) {
			path_in(path, sizeof(path), s->secret, k ? 'f' : 't', i);
			if (lstat(path, &st) == 0)
				continue;
			lost++;
			int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
			assert_true(fd >= 0);
			close(fd);
		}
	}
	return lost;
}

static void make_scene(struct scene *s)
{
	char path[256];

	snprintf(s->base, sizeof(s->base), "/tmp/ipcscope-race.XXXXXX");
	assert_non_null(mkdtemp(s->base));
	assert_int_equal(chmod(s->base, 0755), 0);
	snprintf(s->secret, sizeof(s->secret), "%s/secret", s->base);
	assert_int_equal(mkdir(s->secret, 0700), 0);
	snprintf(s->tree, sizeof(s->tree), "%s/tree", s->base);
	snprintf(s->a, sizeof(s->a), "%s/a", s->tree);
	assert_int_equal(mkdir(s->tree, 0755), 0);
	assert_int_equal(mkdir(s->a, 0755), 0);
	snprintf(path, sizeof(path), "%s/d", s->a);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(chown(path, ATTACKER, ATTACKER), 0);
	snprintf(path, sizeof(path), "%s/s", s->a);
	assert_int_equal(symlink(s->secret, path), 0);
	assert_int_equal(lchown(path, ATTACKER, ATTACKER), 0);
	assert_int_equal(chown(s->a, ATTACKER, ATTACKER), 0);
	assert_int_equal(chown(s->tree, ATTACKER, ATTACKER), 0);
	assert_int_equal(count_and_restore_secrets(s), 2 * FILES); /* made here the first time */
	reset(s);
}

/* The attacker: as another user, swap d and s for as long as it lives. */
static pid_t start_swapping(const struct scene *s)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		if (setgroups(0, NULL) < 0 || setresgid(ATTACKER, ATTACKER, ATTACKER) < 0 ||
		    setresuid(ATTACKER, ATTACKER, ATTACKER) < 0 || chdir(s->a) < 0)
			_exit(127);
		for (;;)
			if (renameat2(AT_FDCWD, "d", AT_FDCWD, "s", RENAME_EXCHANGE) < 0)
				_exit(126);
	}
	return pid;
}

static void stop_swapping(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	/* Killed, never ended on its own: a failed exchange would leave the race untried. */
	assert_true(WIFSIGNALED(status));
}

static size_t count_removed(const struct run_result *run)
{
	cJSON *doc = cJSON_Parse(run->out);
	cJSON *r;
	size_t n = 0;

	if (!doc)
		fail_msg("clean exited %d and wrote no JSON: '%s', stderr '%s'", run->status, run->out,
			 run->err);
	cJSON_ArrayForEach(r, cJSON_GetObjectItem(doc, "results"))
	{
		cJSON *action = cJSON_GetObjectItem(r, "action");
		n += cJSON_IsString(action) && strcmp(action->valuestring, "removed") == 0;
	}
	cJSON_Delete(doc);
	return n;
}

static void remove_scene(const struct scene *s)
{
	char cmd[160];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->base);
	assert_int_equal(system(cmd), 0);
}

static void swapping_directories_never_removes_a_file_outside_the_tree(void **state)
{
	(void)state;
	struct scene s;
	struct run_result r;
	size_t removed = 0;
	int lost = 0;

	need_root("the attack is on root's clean");
	make_scene(&s);
	for (int trial = 0; trial < TRIALS; trial++) {
		/* Half the trials for each kind the search finds on disk. */
		bool fifos = trial % 2;
		pid_t attacker = start_swapping(&s);
		run_ipcscope(&r, "clean", "--yes", "--json", "--ignore-unreadable", "--kind",
			     fifos ? "fifo" : "unix", "--path", s.tree, NULL);
		stop_swapping(attacker);
		if (r.status != 0 && r.status != 1)
			fail_msg("trial %d: clean exited %d: %s", trial, r.status, r.err);
		removed += count_removed(&r);
		run_result_free(&r);
		lost += count_and_restore_secrets(&s);
		reset(&s);
	}
	remove_scene(&s);
	printf("%d trials: %zu stale files removed inside the tree, %d files removed outside it\n",
	       TRIALS, removed, lost);
	assert_int_equal(lost, 0);
	/* Otherwise the race was never run: clean must still do its work under it. */
	assert_true(removed > 0);
}

/* Without the attacker: every stale file in the tree goes, and nothing else. */
static void a_quiet_tree_is_cleaned_completely(void **state)
{
	(void)state;
	struct scene s;
	struct run_result r;

	need_root("clean must remove files of other users in the tree");
	make_scene(&s);
	run_ipcscope(&r, "clean", "--yes", "--json", "--ignore-unreadable", "--kind", "unix,fifo",
		     "--path", s.tree, NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(count_removed(&r), 2 * FILES);
	run_result_free(&r);
	assert_int_equal(count_and_restore_secrets(&s), 0);
	char d[192];
	snprintf(d, sizeof(d), "%s/d", s.a);
	assert_int_equal(entries(d), 0);
	remove_scene(&s);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_quiet_tree_is_cleaned_completely),
		cmocka_unit_test(swapping_directories_never_removes_a_file_outside_the_tree),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
