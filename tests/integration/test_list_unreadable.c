/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A process the caller may not read is reported, not fatal; a kernel thread is not one. */
#include "runner.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void hold_a_pipe(void *arg)
{
	(void)arg;
	int p[2];
	if (pipe(p) < 0)
		_exit(1);
}

static void unprivileged_caller_sees_root_process_as_unreadable(void **state)
{
	(void)state;
	need_root("to make a process an unprivileged user cannot read");
	need_setpriv();

	pid_t root_proc = spawn_holder(hold_a_pipe, NULL);
	char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
			 (char *)ipcscope_bin, "list", "--json", NULL };
	/* Other lines (warnings about sources) may follow; exactly one is about unreadable processes. */
	struct run_result r;
	run_command(argv, &r);
	stop_holder(root_proc);

	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	cJSON *u, *found = NULL;
	cJSON_ArrayForEach(u, cJSON_GetObjectItem(doc, "unreadable"))
		if (cJSON_GetObjectItem(u, "pid")->valueint == root_proc)
			found = u;
	if (!found)
		fail_msg("pid %d not in unreadable: %s", root_proc, r.out);
	assert_string_equal(cJSON_GetObjectItem(found, "reason")->valuestring, "permission denied");
	assert_string_equal(cJSON_GetObjectItem(found, "user")->valuestring, "root");
	/* None of its objects may appear as if we had seen them. */
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
		assert_null(find_holder(o, root_proc, 3));

	/* One line on stderr, however many processes were unreadable. */
	int about_unreadable = 0;
	for (char *line = strtok(r.err, "\n"); line; line = strtok(NULL, "\n")) {
		if (strstr(line, "could not be read"))
			about_unreadable++;
		else if (strncmp(line, "ipcscope: warning: ", 19) != 0)
			fail_msg("unexpected stderr line: %s", line);
	}
	assert_int_equal(about_unreadable, 1);
	cJSON_Delete(doc);
	run_result_free(&r);
}

/* PF_KTHREAD in the flags field of /proc/PID/stat. */
static bool kernel_thread(int pid)
{
	char path[64], line[1024];
	unsigned long flags = 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char *end = fgets(line, sizeof(line), f) ? strrchr(line, ')') : NULL;
	fclose(f);
	return end && sscanf(end + 1, " %*c %*d %*d %*d %*d %*d %lu", &flags) == 1 &&
	       (flags & 0x00200000UL);
}

/* Kernel threads have no descriptors: nothing was missed by not reading them. */
static void kernel_threads_are_not_unreadable(void **state)
{
	(void)state;
	need_root("to look at kernel threads as another user");
	need_setpriv();
	if (!kernel_thread(2))
		skip_because("no kthreadd in sight (a PID namespace): nothing to show");

	char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
			 (char *)ipcscope_bin, "list", "--json", "--kind", "pipe", NULL };
	struct run_result r;
	run_command(argv, &r);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	cJSON *u;
	cJSON_ArrayForEach(u, cJSON_GetObjectItem(doc, "unreadable"))
	{
		int pid = cJSON_GetObjectItem(u, "pid")->valueint;
		if (kernel_thread(pid))
			fail_msg("kernel thread %d is listed as unreadable", pid);
	}
	cJSON_Delete(doc);
	run_result_free(&r);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unprivileged_caller_sees_root_process_as_unreadable),
		cmocka_unit_test(kernel_threads_are_not_unreadable),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
