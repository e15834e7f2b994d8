/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -Q on real objects: two pipes, one shared with a child and 100 bytes
 * queued, one held by the test alone; the filtered listing is what the
 * same condition picks from the unfiltered --json, in every command that
 * selects; a bad expression is a usage error.
 */
#include "runner.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct scene {
	int shared_r, shared_w; /* the child holds shared_r, we shared_w */
	int alone_r;            /* its write end closed: we alone hold it */
	pid_t child;
	char self_pid[16];
	unsigned long long shared_ino, alone_ino;
};

static void keep_read_end(void *arg)
{
	struct scene *s = arg;
	close(s->shared_w);
}

static unsigned long long inode_of(int fd)
{
	struct stat st;
	assert_int_equal(fstat(fd, &st), 0);
	return (unsigned long long)st.st_ino;
}

static int setup(void **state)
{
	struct scene *s = calloc(1, sizeof(*s));
	int p[2], q[2];
	char data[100];

	/* Close-on-exec, so ipcscope itself never holds these ends. */
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	s->shared_r = p[0];
	s->shared_w = p[1];
	s->child = spawn_holder(keep_read_end, s);
	close(s->shared_r);
	/* After the fork: the child must not hold this one too. */
	assert_int_equal(pipe2(q, O_CLOEXEC), 0);
	s->alone_r = q[0];
	close(q[1]);
	memset(data, 'x', sizeof(data));
	assert_int_equal(write(s->shared_w, data, sizeof(data)), 100);
	s->shared_ino = inode_of(s->shared_w);
	s->alone_ino = inode_of(s->alone_r);
	snprintf(s->self_pid, sizeof(s->self_pid), "%d", getpid());
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct scene *s = *state;
	stop_holder(s->child);
	close(s->shared_w);
	close(s->alone_r);
	free(s);
	return 0;
}

/* The inodes of the pipes in a --json listing, in order, as text "1,2,". */
static void pipe_inodes(const char *json, char *out, size_t size,
			bool (*keep)(cJSON *obj))
{
	cJSON *doc = parse_document(json), *obj;
	size_t n = 0;

	out[0] = '\0';
	cJSON_ArrayForEach(obj, cJSON_GetObjectItem(doc, "objects")) {
		if (strcmp(cJSON_GetObjectItem(obj, "kind")->valuestring, "pipe") != 0 ||
		    (keep && !keep(obj)))
			continue;
		n += (size_t)snprintf(out + n, size - n, "%.0f,", json_number(obj, "inode"));
		assert_true(n < size);
	}
	cJSON_Delete(doc);
}

/* NHOLDERS >= 2 && QUEUED == 100, by hand on the JSON. */
static bool shared_with_bytes(cJSON *obj)
{
	cJSON *queued = cJSON_GetObjectItem(obj, "queued");
	return cJSON_GetArraySize(cJSON_GetObjectItem(obj, "holders")) >= 2 &&
	       cJSON_IsNumber(queued) && queued->valuedouble == 100;
}

static void filter_equals_the_condition_on_json(void **state)
{
	struct scene *s = *state;
	struct run_result all, some;
	char want[512], got[512], shared[32];

	run_ipcscope(&all, "list", "--json", "--pid", s->self_pid, "pipe", NULL);
	assert_int_equal(all.status, 0);
	run_ipcscope(&some, "list", "--json", "--pid", s->self_pid, "-Q",
		     "KIND == \"pipe\" && NHOLDERS >= 2 && QUEUED == 100", NULL);
	assert_int_equal(some.status, 0);
	pipe_inodes(all.out, want, sizeof(want), shared_with_bytes);
	pipe_inodes(some.out, got, sizeof(got), NULL);
	assert_string_equal(got, want);
	snprintf(shared, sizeof(shared), "%llu,", s->shared_ino);
	assert_string_equal(got, shared); /* ours alone: the other pipe has one holder */
	run_result_free(&all);
	run_result_free(&some);
}

static void or_not_and_null(void **state)
{
	struct scene *s = *state;
	struct run_result r;
	char expr[160], got[512], want[64];

	snprintf(expr, sizeof(expr), "(INODE == %llu || inode == %llu) && not (NHOLDERS > 1)",
		 s->shared_ino, s->alone_ino);
	run_ipcscope(&r, "list", "--json", "-Q", expr, NULL);
	assert_int_equal(r.status, 0);
	pipe_inodes(r.out, got, sizeof(got), NULL);
	snprintf(want, sizeof(want), "%llu,", s->alone_ino);
	assert_string_equal(got, want);
	run_result_free(&r);

	/* A pipe has no name: null, and no regex matches it. */
	snprintf(expr, sizeof(expr), "INODE == %llu && NAME == null && KIND =~ \"^pi\"",
		 s->alone_ino);
	run_ipcscope(&r, "list", "--json", "-Q", expr, NULL);
	assert_int_equal(r.status, 0);
	pipe_inodes(r.out, got, sizeof(got), NULL);
	assert_string_equal(got, want);
	run_result_free(&r);
	snprintf(expr, sizeof(expr), "INODE == %llu && NAME =~ \".*\"", s->alone_ino);
	run_ipcscope(&r, "list", "--json", "-Q", expr, NULL);
	pipe_inodes(r.out, got, sizeof(got), NULL);
	assert_string_equal(got, "");
	run_result_free(&r);
}

/* The table and summary select as JSON does. */
static void every_format_and_summary(void **state)
{
	struct scene *s = *state;
	struct run_result r;
	char expr[96], shared[32], alone[32];

	snprintf(shared, sizeof(shared), "%llu", s->shared_ino);
	snprintf(alone, sizeof(alone), "%llu", s->alone_ino);
	snprintf(expr, sizeof(expr), "inode == %s", shared);
	run_ipcscope(&r, "list", "-r", "-o", "KIND,INODE,NHOLDERS", "-Q", expr, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, shared));
	assert_null(strstr(r.out, alone));
	run_result_free(&r);

	run_ipcscope(&r, "list", "--ndjson", "-Q", expr, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, shared));
	assert_null(strstr(r.out, alone));
	run_result_free(&r);

	run_ipcscope(&r, "summary", "--json", "pipe", "-Q", expr, NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "\"objects\":1"));
	run_result_free(&r);
}

static void bad_expressions_are_usage_errors(void **state)
{
	(void)state;
	expect_usage_error("unknown column 'FOO'", "list", "-Q", "KIND == \"pipe\" && FOO >= 2",
			   NULL);
	expect_usage_error("                      ^", "list", "-Q",
			   "KIND == \"pipe\" && FOO >= 2", NULL);
	expect_usage_error("never closed", "list", "--filter", "(KIND == \"pipe\"", NULL);
	expect_usage_error("'=='", "stale", "-Q", "NAME = \"x\"", NULL);
	expect_usage_error("no kind selected has the column 'LOCAL-PORT'", "list", "pipe", "-Q",
			   "LOCAL-PORT == 80", NULL);
	expect_usage_error("regular expression", "summary", "-Q", "NAME =~ \"(\"", NULL);
	expect_usage_error("empty expression", "watch", "-Q", "", NULL);
	expect_usage_error("unterminated", "locks", "-Q", "NAME == \"x", NULL);
	expect_usage_error("no kind selected", "clean", "--dry-run", "-Q", "LOCAL-PORT == 1", "fifo",
			   NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(filter_equals_the_condition_on_json, setup, teardown),
		cmocka_unit_test_setup_teardown(or_not_and_null, setup, teardown),
		cmocka_unit_test_setup_teardown(every_format_and_summary, setup, teardown),
		cmocka_unit_test(bad_expressions_are_usage_errors),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
