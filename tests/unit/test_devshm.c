/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What a holder's link or maps text says of a /dev/shm file no directory lists any more. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "devshm.h"

#include <stdlib.h>

static void expect_file(const char *text, const char *want)
{
	char *got = devshm_file_of(text);

	if (!want) {
		if (got)
			fail_msg("'%s' gave '%s', want none", text ? text : "(null)", got);
		return;
	}
	if (!got)
		fail_msg("'%s' gave none, want '%s'", text, want);
	assert_string_equal(got, want);
	free(got);
}

static void files_right_in_dev_shm(void **state)
{
	(void)state;
	/* As /proc/PID/fd and /proc/PID/maps show them on this kernel. */
	expect_file("/dev/shm/demo.shm (deleted)", "demo.shm");
	expect_file("/dev/shm/sem.Xq3zT9 (deleted)", "sem.Xq3zT9");
	expect_file("/dev/shm/demo.shm", "demo.shm");
	/* A name may hold spaces, even one that ends like the kernel's mark. */
	expect_file("/dev/shm/a b (deleted) (deleted)", "a b (deleted)");
	expect_file("/dev/shm/ (deleted)", " (deleted)");
}

static void anything_else_is_none(void **state)
{
	(void)state;
	expect_file(NULL, NULL);                 /* a path too long for the kernel to write */
	expect_file("", NULL);
	expect_file("/dev/shm/", NULL);
	expect_file("/dev/shm/ (deleted)x", " (deleted)x");
	expect_file("/dev/shm/dir/file (deleted)", NULL); /* in a subdirectory */
	expect_file("/dev/shmx/file", NULL);
	expect_file("/run/shm/file (deleted)", NULL);
	expect_file("/memfd:demo (deleted)", NULL);
	expect_file("/SYSV0a11ce01 (deleted)", NULL);
}

static void glibc_temporary_names(void **state)
{
	(void)state;
	assert_true(devshm_is_temporary_sem("sem.Xq3zT9"));
	assert_true(devshm_is_temporary_sem("sem.000000"));
	assert_false(devshm_is_temporary_sem("sem.Xq3zT"));   /* five */
	assert_false(devshm_is_temporary_sem("sem.Xq3zT9a")); /* seven */
	assert_false(devshm_is_temporary_sem("sem.Xq3-T9"));
	assert_false(devshm_is_temporary_sem("Xq3zT9abcd"));
	assert_false(devshm_is_temporary_sem("shm.Xq3zT9"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(files_right_in_dev_shm),
		cmocka_unit_test(anything_else_is_none),
		cmocka_unit_test(glibc_temporary_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
