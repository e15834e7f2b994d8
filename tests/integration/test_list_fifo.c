/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A FIFO opened by a reader and a writer in two processes, and a probe that disturbs nothing. */
#include "runner.h"

#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* The reader child moves its end here, so the test knows the number. */
#define READER_FD 50

struct scene {
	char dir[64];
	char path[128];
	int writer_fd; /* this process's write end */
	pid_t reader;
	char pid_arg[16];
};

static void open_for_reading(void *arg)
{
	struct scene *s = arg;
	/* Non-blocking, so the reader holds it before any writer exists. */
	int fd = open(s->path, O_RDONLY | O_NONBLOCK);
	if (fd < 0 || dup2(fd, READER_FD) != READER_FD)
		_exit(1);
	close(fd);
}

static int setup(void **state)
{
	struct scene *s = calloc(1, sizeof(*s));
	char data[100];

	strcpy(s->dir, "/tmp/ipcscope-test.XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	snprintf(s->path, sizeof(s->path), "%s/fifo", s->dir);
	assert_int_equal(mkfifo(s->path, 0600), 0);
	assert_int_equal(chmod(s->path, 0640), 0); /* whatever the umask */
	s->reader = spawn_holder(open_for_reading, s);
	s->writer_fd = open(s->path, O_WRONLY | O_CLOEXEC);
	assert_true(s->writer_fd >= 0);
	memset(data, 'y', sizeof(data));
	assert_int_equal(write(s->writer_fd, data, sizeof(data)), 100);
	snprintf(s->pid_arg, sizeof(s->pid_arg), "%d", s->reader);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct scene *s = *state;
	stop_holder(s->reader);
	close(s->writer_fd);
	unlink(s->path);
	rmdir(s->dir);
	free(s);
	return 0;
}

static cJSON *the_fifo(cJSON *doc, const struct scene *s)
{
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		cJSON *name = cJSON_GetObjectItem(o, "name");
		if (strcmp(cJSON_GetObjectItem(o, "kind")->valuestring, "fifo") == 0 &&
		    cJSON_IsString(name) && strcmp(name->valuestring, s->path) == 0)
			return o;
	}
	return NULL;
}

static void reader_and_writer(void **state)
{
	struct scene *s = *state;
	struct run_result r;
	struct stat st;

	run_ipcscope(&r, "list", "--json", "--kind", "fifo", NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	cJSON *fifo = the_fifo(doc, s);
	if (!fifo)
		fail_msg("FIFO %s not listed in:\n%s", s->path, r.out);

	assert_int_equal(stat(s->path, &st), 0);
	assert_int_equal(cJSON_GetObjectItem(fifo, "inode")->valuedouble, (double)st.st_ino);
	assert_string_equal(cJSON_GetObjectItem(fifo, "mode")->valuestring, "0640");
	assert_int_equal(cJSON_GetObjectItem(fifo, "uid")->valuedouble, st.st_uid);
	assert_int_equal(cJSON_GetObjectItem(fifo, "gid")->valuedouble, st.st_gid);
	char dev[32];
	snprintf(dev, sizeof(dev), "%u:%u", major(st.st_dev), minor(st.st_dev));
	assert_string_equal(cJSON_GetObjectItem(fifo, "dev")->valuestring, dev);

	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(fifo, "holders")), 2);
	cJSON *holder, *reader = NULL, *writer = NULL;
	cJSON_ArrayForEach(holder, cJSON_GetObjectItem(fifo, "holders"))
	{
		int pid = cJSON_GetObjectItem(holder, "pid")->valueint;
		if (pid == s->reader)
			reader = holder;
		else if (pid == getpid())
			writer = holder;
	}
	assert_non_null(reader);
	assert_non_null(writer);
	assert_string_equal(cJSON_GetObjectItem(reader, "access")->valuestring, "r");
	assert_string_equal(cJSON_GetObjectItem(writer, "access")->valuestring, "w");
	assert_int_equal(cJSON_GetObjectItem(writer, "fd")->valueint, s->writer_fd);
	assert_int_equal(cJSON_GetObjectItem(reader, "fd")->valueint, READER_FD);
	assert_int_equal(cJSON_GetObjectItem(fifo, "queued")->valuedouble, 100);
	assert_int_equal(cJSON_GetObjectItem(fifo, "capacity")->valuedouble,
			 fcntl(s->writer_fd, F_GETPIPE_SZ));
	cJSON_Delete(doc);
	run_result_free(&r);
}

/*
 * A reader blocked in open(O_RDONLY) waits for a writer.  If listing the
 * FIFO opened it for writing, that reader would be released; it must not be.
 */
static void listing_does_not_complete_a_blocked_open(void **state)
{
	struct scene *s = *state;
	struct run_result r;
	int sig[2];

	/* Drop the writer, so a new reader has to wait in open(). */
	close(s->writer_fd);
	s->writer_fd = -1;
	assert_int_equal(pipe2(sig, O_CLOEXEC), 0);
	pid_t blocked = fork_holder();
	if (blocked == 0) {
		close(sig[0]);
		int fd = open(s->path, O_RDONLY);
		if (write(sig[1], fd >= 0 ? "o" : "e", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(sig[1]);
	wait_until_blocked(blocked, "wait_for_partner");

	for (int i = 0; i < 3; i++) {
		run_ipcscope(&r, "list", "--json", "--kind", "fifo", NULL);
		assert_int_equal(r.status, 0);
		cJSON *doc = parse_document(r.out);
		cJSON *fifo = the_fifo(doc, s);
		assert_non_null(fifo);
		assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(fifo, "holders")), 1);
		cJSON_Delete(doc);
		run_result_free(&r);
	}
	struct pollfd p = { .fd = sig[0], .events = POLLIN };
	int ready = poll(&p, 1, 300);
	stop_holder(blocked);
	close(sig[0]);
	assert_int_equal(ready, 0);
}

/* Twenty directories of 255 bytes: some 5,100 bytes, past PATH_MAX (4,096). */
#define DEEP_LEVELS 20
#define DEEP_FD 60

struct deep {
	char top[64];
	int dirs[DEEP_LEVELS + 1]; /* dirs[0] is top, dirs[DEEP_LEVELS] holds the FIFO */
	char id[64];
	pid_t holder;
};

static void open_deep_fifo(void *arg)
{
	struct deep *d = arg;
	int fd = openat(d->dirs[DEEP_LEVELS], "deep.fifo", O_RDONLY | O_NONBLOCK);
	if (fd < 0 || dup2(fd, DEEP_FD) != DEEP_FD)
		_exit(1);
	close(fd);
}

/* Whether a --json listing has a FIFO with this id. */
static bool lists_id(const char *json, const char *id)
{
	cJSON *doc = parse_document(json);
	bool found = find_object(doc, "fifo", "id", id) != NULL;
	cJSON_Delete(doc);
	return found;
}

/*
 * A FIFO held open at a path the kernel cannot write out (readlink gives
 * ENAMETOOLONG) is still listed with its holder, its name unknown, and it
 * is in use, so neither stale nor clean may take it.
 */
static void held_at_a_path_longer_than_path_max(void **state)
{
	(void)state;
	struct deep d = { 0 };
	char name[256];
	struct stat st;
	struct run_result r;

	memset(name, 'd', 255);
	name[255] = '\0';
	strcpy(d.top, "/tmp/ipcscope-deep.XXXXXX");
	assert_non_null(mkdtemp(d.top));
	d.dirs[0] = open(d.top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(d.dirs[0] >= 0);
	for (int i = 1; i <= DEEP_LEVELS; i++) {
		assert_int_equal(mkdirat(d.dirs[i - 1], name, 0700), 0);
		d.dirs[i] = openat(d.dirs[i - 1], name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		assert_true(d.dirs[i] >= 0);
	}
	assert_int_equal(mkfifoat(d.dirs[DEEP_LEVELS], "deep.fifo", 0600), 0);
	assert_int_equal(fstatat(d.dirs[DEEP_LEVELS], "deep.fifo", &st, 0), 0);
	snprintf(d.id, sizeof(d.id), "%u:%u:%llu", major(st.st_dev), minor(st.st_dev),
		 (unsigned long long)st.st_ino);
	d.holder = spawn_holder(open_deep_fifo, &d);

	cJSON *doc = list_kind(&r, "fifo");
	cJSON *o = find_held(cJSON_GetObjectItem(doc, "objects"), "fifo", d.holder, DEEP_FD);
	if (!o)
		fail_msg("the FIFO held as fd %d by %d is not listed: %s", DEEP_FD, d.holder, r.out);
	assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, d.id);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "name")));
	assert_string_equal(cJSON_GetObjectItem(find_holder(o, d.holder, DEEP_FD), "access")
				    ->valuestring, "r");
	cJSON_Delete(doc);
	run_result_free(&r);

	run_ipcscope(&r, "stale", "--json", "--kind", "fifo", "--path", d.top, NULL);
	assert_int_equal(r.status, 0);
	if (lists_id(r.out, d.id))
		fail_msg("a FIFO in use is called stale: %s", r.out);
	run_result_free(&r);

	/* Even where a process could not be read, which otherwise spares FIFOs. */
	run_ipcscope(&r, "clean", "--yes", "--ignore-unreadable", "--kind", "fifo", "--path", d.top,
		     NULL);
	assert_int_equal(r.status, 0);
	if (strstr(r.out, d.id))
		fail_msg("clean took up a FIFO in use: %s", r.out);
	run_result_free(&r);
	assert_int_equal(fstatat(d.dirs[DEEP_LEVELS], "deep.fifo", &st, 0), 0);

	stop_holder(d.holder);
	assert_int_equal(unlinkat(d.dirs[DEEP_LEVELS], "deep.fifo", 0), 0);
	for (int i = DEEP_LEVELS; i >= 1; i--) {
		close(d.dirs[i]);
		assert_int_equal(unlinkat(d.dirs[i - 1], name, AT_REMOVEDIR), 0);
	}
	close(d.dirs[0]);
	assert_int_equal(rmdir(d.top), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(reader_and_writer, setup, teardown),
		cmocka_unit_test_setup_teardown(listing_does_not_complete_a_blocked_open, setup,
						teardown),
		cmocka_unit_test(held_at_a_path_longer_than_path_max),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
