/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A pipe between two real processes: both ends, their fds and access, the bytes queued. */
#include "runner.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct scene {
	int rfd, wfd;
	pid_t reader; /* child holding the read end */
	char pid_arg[16];
};

static void keep_read_end(void *arg)
{
	struct scene *s = arg;
	close(s->wfd);
}

static int setup(void **state)
{
	struct scene *s = calloc(1, sizeof(*s));
	int p[2];
	char data[100];

	/* Close-on-exec, so ipcscope itself never holds these ends. */
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	s->rfd = p[0];
	s->wfd = p[1];
	s->reader = spawn_holder(keep_read_end, s);
	close(s->rfd);
	memset(data, 'x', sizeof(data));
	assert_int_equal(write(s->wfd, data, sizeof(data)), 100);
	snprintf(s->pid_arg, sizeof(s->pid_arg), "%d", s->reader);
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct scene *s = *state;
	stop_holder(s->reader);
	close(s->wfd);
	free(s);
	return 0;
}

static char *own_comm(void)
{
	static char comm[64];
	FILE *f = fopen("/proc/self/comm", "r");
	assert_non_null(f);
	assert_non_null(fgets(comm, sizeof(comm), f));
	fclose(f);
	comm[strcspn(comm, "\n")] = '\0';
	return comm;
}

static void json_names_both_ends(void **state)
{
	struct scene *s = *state;
	struct run_result r;
	struct stat st;

	run_ipcscope(&r, "list", "--json", "--pid", s->pid_arg, NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	cJSON *pipe_obj = find_held(cJSON_GetObjectItem(doc, "objects"), "pipe", s->reader, s->rfd);
	assert_non_null(pipe_obj);

	assert_int_equal(fstat(s->wfd, &st), 0);
	char ino[32];
	snprintf(ino, sizeof(ino), "%llu", (unsigned long long)st.st_ino);
	assert_string_equal(cJSON_GetObjectItem(pipe_obj, "id")->valuestring, ino);
	assert_int_equal(cJSON_GetObjectItem(pipe_obj, "inode")->valuedouble, (double)st.st_ino);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(pipe_obj, "name")));
	assert_int_equal(cJSON_GetObjectItem(pipe_obj, "uid")->valuedouble, geteuid());
	assert_string_equal(cJSON_GetObjectItem(pipe_obj, "mode")->valuestring, "0600");

	/* Exactly the two ends: the reader child and this process as writer. */
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(pipe_obj, "holders")), 2);
	cJSON *reader = find_holder(pipe_obj, s->reader, s->rfd);
	cJSON *writer = find_holder(pipe_obj, getpid(), s->wfd);
	assert_non_null(reader);
	assert_non_null(writer);
	assert_string_equal(cJSON_GetObjectItem(reader, "access")->valuestring, "r");
	assert_string_equal(cJSON_GetObjectItem(writer, "access")->valuestring, "w");
	assert_string_equal(cJSON_GetObjectItem(reader, "via")->valuestring, "fd");
	assert_string_equal(cJSON_GetObjectItem(writer, "command")->valuestring, own_comm());
	assert_true(cJSON_IsString(cJSON_GetObjectItem(writer, "user")));

	/* Read through a duplicate of a holder's fd: the bytes stay queued. */
	assert_int_equal(cJSON_GetObjectItem(pipe_obj, "queued")->valuedouble, 100);
	assert_int_equal(cJSON_GetObjectItem(pipe_obj, "capacity")->valuedouble,
			 fcntl(s->wfd, F_GETPIPE_SZ));
	cJSON_Delete(doc);
	run_result_free(&r);

	run_ipcscope(&r, "list", "--json", "--pid", s->pid_arg, NULL);
	doc = parse_document(r.out);
	pipe_obj = find_held(cJSON_GetObjectItem(doc, "objects"), "pipe", s->reader, s->rfd);
	assert_int_equal(cJSON_GetObjectItem(pipe_obj, "queued")->valuedouble, 100);
	cJSON_Delete(doc);
	run_result_free(&r);
}

static void selection_narrows(void **state)
{
	struct scene *s = *state;
	struct run_result r;
	char uid[16], other_uid[16];

	/* --kind fifo leaves pipes out, also given positionally. */
	run_ipcscope(&r, "list", "--json", "--pid", s->pid_arg, "fifo", NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	assert_null(find_held(cJSON_GetObjectItem(doc, "objects"), "pipe", s->reader, s->rfd));
	cJSON_Delete(doc);
	run_result_free(&r);

	run_ipcscope(&r, "list", "--json", "--kind", "pipe", "--pid", s->pid_arg, NULL);
	doc = parse_document(r.out);
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		assert_string_equal(cJSON_GetObjectItem(o, "kind")->valuestring, "pipe");
		cJSON *h;
		bool held_by_reader = false;
		cJSON_ArrayForEach(h, cJSON_GetObjectItem(o, "holders"))
			held_by_reader |= cJSON_GetObjectItem(h, "pid")->valueint == s->reader;
		assert_true(held_by_reader);
	}
	cJSON_Delete(doc);
	run_result_free(&r);

	snprintf(uid, sizeof(uid), "%u", (unsigned)geteuid());
	snprintf(other_uid, sizeof(other_uid), "%u", (unsigned)geteuid() + 54321);
	run_ipcscope(&r, "list", "--json", "--pid", s->pid_arg, "--user", uid, NULL);
	doc = parse_document(r.out);
	assert_non_null(find_held(cJSON_GetObjectItem(doc, "objects"), "pipe", s->reader, s->rfd));
	cJSON_Delete(doc);
	run_result_free(&r);
	run_ipcscope(&r, "list", "--json", "--pid", s->pid_arg, "--user", other_uid, NULL);
	assert_int_equal(r.status, 0);
	doc = parse_document(r.out);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "objects")), 0);
	cJSON_Delete(doc);
	run_result_free(&r);
}

static void ndjson_and_table(void **state)
{
	struct scene *s = *state;
	struct run_result r;
	struct stat st;
	char expect[64];

	assert_int_equal(fstat(s->wfd, &st), 0);
	run_ipcscope(&r, "list", "--ndjson", "--pid", s->pid_arg, "pipe", NULL);
	assert_int_equal(r.status, 0);
	int lines = 0, found = 0;
	for (char *line = strtok(r.out, "\n"); line; line = strtok(NULL, "\n")) {
		cJSON *o = cJSON_Parse(line);
		assert_non_null(o);
		assert_string_equal(cJSON_GetObjectItem(o, "kind")->valuestring, "pipe");
		if (find_holder(o, s->reader, s->rfd)) {
			found++;
			assert_int_equal(cJSON_GetObjectItem(o, "queued")->valuedouble, 100);
		}
		cJSON_Delete(o);
		lines++;
	}
	assert_int_equal(found, 1);
	assert_true(lines >= 1);
	run_result_free(&r);

	run_ipcscope(&r, "list", "-n", "-r", "-o", "KIND,ID,QUEUED,HOLDERS", "--pid", s->pid_arg,
		     "pipe", NULL);
	assert_int_equal(r.status, 0);
	snprintf(expect, sizeof(expect), "pipe %llu 100 ", (unsigned long long)st.st_ino);
	if (!strstr(r.out, expect))
		fail_msg("no row '%s' in:\n%s", expect, r.out);
	assert_null(strstr(r.out, "KIND")); /* -n: no heading */
	char holder[64];
	snprintf(holder, sizeof(holder), "%d/", s->reader);
	assert_non_null(strstr(r.out, holder));
	run_result_free(&r);
}

/* The pipe's row on a terminal COLUMNS wide, with only KIND, ID and HOLDERS. */
static void terminal_row(const struct scene *s, int columns, struct run_result *r)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "COLUMNS=%d '%s' list -o KIND,ID,HOLDERS --pid %d pipe", columns,
		 ipcscope_bin, s->reader);
	char *argv[] = { "script", "-qec", cmd, "/dev/null", NULL };
	run_command(argv, r);
	assert_int_equal(r->status, 0);
}

static size_t item_width(const char *item)
{
	const char *end = strchr(item, ']');
	if (!end)
		fail_msg("holder without its [fd]: %s", item);
	return (size_t)(end - item) + 1;
}

/* On a terminal, holders are packed whole as many to a line as fit; the row is never cut inside one. */
static void terminal_table_packs_whole_holders(void **state)
{
	struct scene *s = *state;
	struct run_result r;
	char reader[32], writer[32];

	snprintf(reader, sizeof(reader), "%d/", s->reader);
	snprintf(writer, sizeof(writer), "%d/", getpid());

	/* Wide: both on one line. Holders are in pid order: the writer (this process, the parent) first. */
	terminal_row(s, 200, &r);
	char *w = strstr(r.out, writer), *rd = strstr(r.out, reader);
	if (!w || !rd)
		fail_msg("holders missing from:\n%s", r.out);
	assert_true(w < rd);
	if (memchr(w, '\n', (size_t)(rd - w)) || !memchr(w, ',', (size_t)(rd - w)))
		fail_msg("at 200 columns the two holders are not on one line:\n%s", r.out);
	const char *line = w;
	while (line > r.out && line[-1] != '\n')
		line--;
	size_t at = (size_t)(w - line), ww = item_width(w), rw = item_width(rd);
	run_result_free(&r);

	/* Room for either holder but not for both: one a line, each whole. */
	size_t columns = at + (ww > rw ? ww : rw) + 1;
	assert_true(columns < at + ww + 1 + rw);
	terminal_row(s, (int)columns, &r);
	w = strstr(r.out, writer);
	rd = strstr(r.out, reader);
	if (!w || !rd)
		fail_msg("holders missing at %zu columns from:\n%s", columns, r.out);
	assert_true(w < rd);
	if (!memchr(w, '\n', (size_t)(rd - w)))
		fail_msg("at %zu columns the holders share a line:\n%s", columns, r.out);
	assert_int_equal(item_width(w), ww);
	assert_int_equal(item_width(rd), rw);
	assert_null(memchr(w, '\n', ww));
	assert_null(memchr(rd, '\n', rw));
	run_result_free(&r);
}

static void make_many_pipes(void *arg)
{
	(void)arg;
	int p[2];
	for (int i = 0; i < 450; i++)
		if (pipe(p) < 0)
			_exit(1);
}

/* Output far larger than a pipe buffer, cut off by head: no error text, whatever SIGPIPE is. */
static void closed_stdout_is_quiet(void **state)
{
	(void)state;
	pid_t many = spawn_holder(make_many_pipes, NULL);
	const char *scripts[] = {
		"\"$0\" list --ndjson pipe | head -1 >/dev/null",
		"trap '' PIPE; \"$0\" list --ndjson pipe | head -1 >/dev/null",
		"trap '' PIPE; \"$0\" list pipe | head -1 >/dev/null",
	};
	for (size_t i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
		struct run_result r;
		char *argv[] = { "sh", "-c", (char *)scripts[i], (char *)ipcscope_bin, NULL };
		run_command(argv, &r);
		assert_int_equal(r.status, 0);
		/* The only thing allowed on stderr is the note about unreadable processes. */
		for (char *line = strtok(r.err, "\n"); line; line = strtok(NULL, "\n"))
			if (!strstr(line, "could not be read"))
				fail_msg("'%s' printed: %s", scripts[i], line);
		run_result_free(&r);
	}
	stop_holder(many);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(json_names_both_ends, setup, teardown),
		cmocka_unit_test_setup_teardown(selection_narrows, setup, teardown),
		cmocka_unit_test_setup_teardown(ndjson_and_table, setup, teardown),
		cmocka_unit_test_setup_teardown(terminal_table_packs_whole_holders, setup, teardown),
		cmocka_unit_test(closed_stdout_is_quiet),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
