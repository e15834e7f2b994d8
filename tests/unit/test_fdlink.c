/* SPDX-License-Identifier: GPL-2.0-or-later */
/* fdlink_classify on every line of fixtures/proc/fd-links.txt, and access bits. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "fdlink.h"
#include "ipc_object.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *fixtures;

static enum fd_class class_named(const char *name)
{
	static const char *const names[] = {
		[FD_OTHER] = "other", [FD_PIPE] = "pipe", [FD_SOCKET] = "socket",
		[FD_ANON] = "anon",   [FD_PATH] = "path", [FD_FIFO] = "fifo",
	};
	/* The text alone never yields the classes a stat() or maps decides. */
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i] && strcmp(names[i], name) == 0)
			return (enum fd_class)i;
	fail_msg("fixture names an unknown class '%s'", name);
	return FD_OTHER;
}

static void classifies_fixture_links(void **state)
{
	(void)state;
	char path[4096], line[4096];
	snprintf(path, sizeof(path), "%s/proc/fd-links.txt", fixtures);
	FILE *f = fopen(path, "r");
	assert_non_null(f);

	int checked = 0;
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#')
			continue;
		line[strcspn(line, "\n")] = '\0';
		char *text = line;
		char *cls = strchr(text, '\t');
		assert_non_null(cls);
		*cls++ = '\0';
		char *ino = strchr(cls, '\t');
		assert_non_null(ino);
		*ino++ = '\0';

		uint64_t got_ino = 0xdeadbeef;
		enum fd_class got = fdlink_classify(text, &got_ino);
		if (got != class_named(cls))
			fail_msg("'%s' classified as %d, expected %s", text, got, cls);
		if (strcmp(ino, "-") != 0)
			assert_int_equal(got_ino, strtoull(ino, NULL, 10));
		checked++;
	}
	fclose(f);
	assert_true(checked >= 20);
}

static void access_from_link_mode(void **state)
{
	(void)state;
	assert_int_equal(fdlink_access_from_mode(S_IFLNK | 0500), ACCESS_READ);
	assert_int_equal(fdlink_access_from_mode(S_IFLNK | 0300), ACCESS_WRITE);
	assert_int_equal(fdlink_access_from_mode(S_IFLNK | 0700), ACCESS_READ | ACCESS_WRITE);
	assert_int_equal(fdlink_access_from_mode(S_IFLNK | 0100), 0); /* O_PATH */
	assert_string_equal(access_string(ACCESS_READ), "r");
	assert_string_equal(access_string(ACCESS_WRITE), "w");
	assert_string_equal(access_string(ACCESS_READ | ACCESS_WRITE), "rw");
	assert_null(access_string(0));
}

/* Only "/NAME" can be a queue; statfs() decides, but everything else is ruled out first. */
static void mqueue_candidates(void **state)
{
	(void)state;
	assert_true(fdlink_maybe_mqueue("/jobs"));
	assert_true(fdlink_maybe_mqueue("/jobs (deleted)"));
	assert_true(fdlink_maybe_mqueue("/swapfile")); /* statfs() rules this one out */
	assert_false(fdlink_maybe_mqueue("/"));
	assert_false(fdlink_maybe_mqueue("/dev/mqueue/jobs"));
	assert_false(fdlink_maybe_mqueue("/tmp/x"));
	assert_false(fdlink_maybe_mqueue("jobs"));
	assert_false(fdlink_maybe_mqueue("pipe:[12]"));
	assert_false(fdlink_maybe_mqueue(""));
}

static void memfd_names(void **state)
{
	(void)state;
	assert_true(fdlink_is_memfd("/memfd:wayland-shm (deleted)"));
	assert_true(fdlink_is_memfd("/memfd: (deleted)"));
	assert_false(fdlink_is_memfd("/memfd"));
	assert_false(fdlink_is_memfd("/tmp/memfd:x"));
	assert_false(fdlink_is_memfd("anon_inode:[memfd]"));
}

int main(int argc, char **argv)
{
	fixtures = argc > 1 ? argv[1] : "tests/fixtures";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classifies_fixture_links),
		cmocka_unit_test(access_from_link_mode),
		cmocka_unit_test(mqueue_candidates),
		cmocka_unit_test(memfd_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
