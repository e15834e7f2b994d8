/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --sort on pipes the test fills, in JSON and in the table; -o choosing the JSON members. */
#include "runner.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NPIPES 4
static const size_t queued[NPIPES] = { 300, 5, 4000, 7 };

struct scene {
	int fds[NPIPES][2];
	unsigned long long inodes[NPIPES];
	char pid_arg[16];
};

static int setup(void **state)
{
	struct scene *s = calloc(1, sizeof(*s));
	char data[4000];

	memset(data, 'q', sizeof(data));
	for (size_t i = 0; i < NPIPES; i++) {
		struct stat st;
		assert_int_equal(pipe2(s->fds[i], O_CLOEXEC), 0);
		assert_int_equal(write(s->fds[i][1], data, queued[i]), (ssize_t)queued[i]);
		assert_int_equal(fstat(s->fds[i][0], &st), 0);
		s->inodes[i] = (unsigned long long)st.st_ino;
	}
	snprintf(s->pid_arg, sizeof(s->pid_arg), "%d", getpid());
	*state = s;
	return 0;
}

static int teardown(void **state)
{
	struct scene *s = *state;
	for (size_t i = 0; i < NPIPES; i++) {
		close(s->fds[i][0]);
		close(s->fds[i][1]);
	}
	free(s);
	return 0;
}

/* Whether a listed inode is one of ours: the test also holds the pipes it reads ipcscope by. */
static bool ours(const struct scene *s, unsigned long long inode)
{
	for (size_t i = 0; i < NPIPES; i++)
		if (s->inodes[i] == inode)
			return true;
	return false;
}

/* Our pipes' "queued", in the order a JSON document lists them, as "5,7,300,4000". */
static void assert_json_order(const struct scene *s, const char *sort, const char *want)
{
	struct run_result r;
	char got[128] = "";

	run_ipcscope(&r, "list", "pipe", "--pid", s->pid_arg, "--sort", sort, "--json", NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out), *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		if (!ours(s, (unsigned long long)json_number(o, "inode")))
			continue;
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%.0f", got[0] ? "," : "",
			 json_number(o, "queued"));
	}
	assert_string_equal(got, want);
	cJSON_Delete(doc);
	run_result_free(&r);
}

static void json_sorted_by_number(void **state)
{
	const struct scene *s = *state;
	assert_json_order(s, "QUEUED", "5,7,300,4000");
	assert_json_order(s, "-queued", "4000,300,7,5");
	assert_json_order(s, "KIND,queued:desc", "4000,300,7,5");
}

/* The table rows come in the same order: `-o INODE,QUEUED -n -r --bytes`, our rows only. */
static void table_sorted_too(void **state)
{
	const struct scene *s = *state;
	struct run_result r;
	char got[128] = "", *save = NULL;

	run_ipcscope(&r, "list", "pipe", "--pid", s->pid_arg, "--sort", "QUEUED:desc", "-o",
		     "INODE,QUEUED", "-n", "-r", "--bytes", NULL);
	assert_int_equal(r.status, 0);
	for (char *line = strtok_r(r.out, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long inode, q;
		assert_int_equal(sscanf(line, "%llu %llu", &inode, &q), 2);
		if (ours(s, inode))
			snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%llu", got[0] ? "," : "", q);
	}
	assert_string_equal(got, "4000,300,7,5");
	run_result_free(&r);
}

/* Each object's member names, in order, joined by commas. */
static void assert_members(const char *line, const char *want)
{
	cJSON *o = cJSON_Parse(line), *m;
	char got[1024] = "";

	assert_non_null(o);
	cJSON_ArrayForEach(m, o)
	{
		strcat(got, got[0] ? "," : "");
		strcat(got, m->string);
	}
	assert_string_equal(got, want);
	cJSON_Delete(o);
}

static void output_names_the_members(void **state)
{
	const struct scene *s = *state;
	struct run_result r, all;

	run_ipcscope(&r, "list", "pipe", "--pid", s->pid_arg, "--ndjson", "-o", "QUEUED,id,INODE", NULL);
	assert_int_equal(r.status, 0);
	assert_members(strtok(r.out, "\n"), "queued,id,inode");
	run_result_free(&r);

	/* +COLS adds to the table only: the JSON keeps every member. */
	run_ipcscope(&r, "list", "pipe", "--pid", s->pid_arg, "--ndjson", "-o", "+INODE", NULL);
	run_ipcscope(&all, "list", "pipe", "--pid", s->pid_arg, "--ndjson", NULL);
	assert_int_equal(r.status, 0);
	cJSON *plus = cJSON_Parse(strtok(r.out, "\n")), *plain = cJSON_Parse(strtok(all.out, "\n"));
	assert_int_equal(cJSON_GetArraySize(plus), cJSON_GetArraySize(plain));
	assert_non_null(cJSON_GetObjectItem(plus, "holders"));
	assert_non_null(cJSON_GetObjectItem(plus, "capacity"));
	cJSON_Delete(plus);
	cJSON_Delete(plain);
	run_result_free(&r);
	run_result_free(&all);
}

static void bad_sort_is_a_usage_error(void **state)
{
	(void)state;
	expect_usage_error("valid columns: KIND, ID", "list", "--sort", "NOPE", NULL);
	expect_usage_error("unknown column 'NOPE' in --sort", "stale", "--sort", "ID,NOPE", NULL);
	expect_usage_error("bad --sort item 'ID:up'", "locks", "--sort", "ID:up", NULL);
	expect_usage_error("empty column name in --sort", "list", "--sort", "ID,", NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_sorted_by_number),
		cmocka_unit_test(table_sorted_too),
		cmocka_unit_test(output_names_the_members),
		cmocka_unit_test(bad_sort_is_a_usage_error),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]), setup,
				     teardown);
}
