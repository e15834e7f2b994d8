/* SPDX-License-Identifier: GPL-2.0-or-later */
/* memfd_create() files: one held by descriptor and mapping, one by a mapping alone. */
#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define HELD_FD 41

static void make_memfds(void *arg)
{
	(void)arg;
	int fd = memfd_create("ipcscope-test-held", 0);
	if (fd < 0 || ftruncate(fd, 12345) != 0 || dup2(fd, HELD_FD) != HELD_FD ||
	    mmap(NULL, 12345, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED)
		_exit(1);
	close(fd);
	/* Mapped read-only and closed: only the mapping keeps it. */
	fd = memfd_create("ipcscope-test-mapped", 0);
	if (fd < 0 || ftruncate(fd, 8192) != 0 ||
	    mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED)
		_exit(1);
	close(fd);
}

static void held_and_mapped(void **state)
{
	(void)state;
	struct run_result r;
	char pid_arg[16], path[64];
	struct stat st;

	pid_t child = spawn_holder(make_memfds, NULL);
	snprintf(pid_arg, sizeof(pid_arg), "%d", child);
	snprintf(path, sizeof(path), "/proc/%d/fd/%d", child, HELD_FD);
	assert_int_equal(stat(path, &st), 0);

	run_ipcscope(&r, "list", "--json", "memfd", "--pid", pid_arg, NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);

	cJSON *held = find_object(doc, "memfd", "name", "ipcscope-test-held");
	if (!held)
		fail_msg("memfd not listed in:\n%s", r.out);
	assert_int_equal(cJSON_GetObjectItem(held, "inode")->valuedouble, (double)st.st_ino);
	assert_int_equal(cJSON_GetObjectItem(held, "size")->valuedouble, 12345);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(held, "holders")), 2);
	cJSON *by_fd = find_holder(held, child, HELD_FD);
	assert_non_null(by_fd);
	assert_string_equal(cJSON_GetObjectItem(by_fd, "access")->valuestring, "rw");
	assert_non_null(find_map_holder(held, child, "rw"));

	cJSON *mapped = find_object(doc, "memfd", "name", "ipcscope-test-mapped");
	if (!mapped)
		fail_msg("mapped-only memfd not listed in:\n%s", r.out);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(mapped, "holders")), 1);
	assert_non_null(find_map_holder(mapped, child, "r"));
	/* No descriptor to stat: unknown, not 0. */
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(mapped, "size")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(mapped, "uid")));
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(child);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(held_and_mapped),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
