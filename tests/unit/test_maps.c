/* SPDX-License-Identifier: GPL-2.0-or-later */
/* maps_parse_line on a real /proc/PID/maps, and on damaged lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "maps.h"

#include <stdio.h>
#include <string.h>
#include <sys/sysmacros.h>

static const char *fixtures;

/* The fixture's line whose path is `path`, parsed; fails when there is none. */
static void line_with_path(const char *path, char *buf, size_t size, struct maps_line *m)
{
	char file[4096];

	snprintf(file, sizeof(file), "%s/proc/maps/shared-memory", fixtures);
	FILE *f = fopen(file, "r");
	assert_non_null(f);
	while (fgets(buf, (int)size, f)) {
		buf[strcspn(buf, "\n")] = '\0';
		if (maps_parse_line(buf, m) == 0 && strcmp(m->path, path) == 0) {
			fclose(f);
			return;
		}
	}
	fclose(f);
	fail_msg("no line for %s", path);
}

static void every_real_line_parses(void **state)
{
	(void)state;
	char file[4096], line[4096];
	struct maps_line m;
	int lines = 0, shared = 0, sysv = 0, anonymous = 0;

	snprintf(file, sizeof(file), "%s/proc/maps/shared-memory", fixtures);
	FILE *f = fopen(file, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (maps_parse_line(line, &m) != 0)
			fail_msg("rejected: %s", line);
		lines++;
		shared += m.shared;
		sysv += maps_is_sysv(&m);
		anonymous += m.path[0] == '\0';
	}
	fclose(f);
	assert_int_equal(lines, 28);
	assert_int_equal(shared, 4);
	assert_int_equal(sysv, 2);
	assert_int_equal(anonymous, 3);
}

static void shared_memory_lines(void **state)
{
	(void)state;
	char line[4096];
	struct maps_line m;

	line_with_path("/SYSV0a11ce01 (deleted)", line, sizeof(line), &m);
	assert_true(m.start == 0x7f133ab0d000ULL);
	assert_true(m.end == 0x7f133ab0f000ULL);
	assert_true(m.readable && m.writable && m.shared);
	assert_int_equal(m.offset, 0);
	assert_int_equal(major(m.dev), 0);
	assert_int_equal(minor(m.dev), 1);
	assert_int_equal(m.inode, 0); /* the shmid */
	assert_true(maps_is_sysv(&m));

	line_with_path("/SYSVdeadbeef (deleted)", line, sizeof(line), &m);
	assert_true(m.readable && !m.writable && m.shared);
	assert_int_equal(m.inode, 1);

	line_with_path("/dev/shm/fixture.shm", line, sizeof(line), &m);
	assert_int_equal(major(m.dev), 0);
	assert_int_equal(minor(m.dev), 0x28); /* hex in the file */
	assert_int_equal(m.inode, 2);
	assert_true(m.writable && m.shared);
	assert_false(maps_is_sysv(&m));

	line_with_path("/memfd:fixture (deleted)", line, sizeof(line), &m);
	assert_false(m.writable);
	assert_int_equal(m.inode, 92);
}

static void private_and_program_lines(void **state)
{
	(void)state;
	char line[4096];
	struct maps_line m;

	line_with_path("[vsyscall]", line, sizeof(line), &m);
	assert_true(m.start == 0xffffffffff600000ULL);
	assert_true(!m.readable && !m.writable && !m.shared);

	/* A private mapping named like a segment is not an attachment. */
	assert_int_equal(maps_parse_line("10-20 r--p 00000000 00:01 5 /SYSV00000001 (deleted)", &m), 0);
	assert_false(maps_is_sysv(&m));
	/* Nor is a shared file whose name merely starts alike. */
	assert_int_equal(maps_parse_line("10-20 rw-s 00000000 fe:00 7 /SYSTEM.DAT", &m), 0);
	assert_false(maps_is_sysv(&m));

	/* Large device numbers, a non-zero offset, and an inode past 32 bits. */
	assert_int_equal(maps_parse_line("1000-2000 r-xp 0017c000 fe:103 12345678901 /usr/lib/x.so", &m),
			 0);
	assert_int_equal(m.offset, 0x17c000);
	assert_int_equal(major(m.dev), 0xfe);
	assert_int_equal(minor(m.dev), 0x103);
	assert_true(m.inode == 12345678901ULL);
	assert_string_equal(m.path, "/usr/lib/x.so");

	/* A path with blanks in it keeps them. */
	assert_int_equal(maps_parse_line("1000-2000 rw-s 00000000 00:28 3    /dev/shm/a b", &m), 0);
	assert_string_equal(m.path, "/dev/shm/a b");
	/* The end of the line right after the inode. */
	assert_int_equal(maps_parse_line("1000-2000 rw-p 00000000 00:00 0", &m), 0);
	assert_string_equal(m.path, "");
}

static void damaged_lines(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"7f00",
		"7f00-",
		"zz-10 rw-s 00000000 00:01 0 /x",           /* not hex */
		"-20 rw-s 00000000 00:01 0 /x",             /* no start */
		"10- rw-s 00000000 00:01 0 /x",             /* no end */
		"10-20 rw-s  00:01 0 /x",                   /* no offset */
		"10-20 rw-s 00000000 :01 0 /x",             /* no major */
		"10-20 rw-s 00000000 00: 0 /x",             /* no minor */
		"10-20 Rw-s 00000000 00:01 0 /x",           /* bad permission letters, */
		"10-20 r+-s 00000000 00:01 0 /x",           /* one in each place */
		"10-20 rwzs 00000000 00:01 0 /x",
		"10-20 rw-x 00000000 00:01 0 /x",           /* neither shared nor private */
		"10-20 rw-s00000000 00:01 0 /x",            /* no blank after the permissions */
		"10-20 rw-s 00000000 00:01",                /* no inode */
		"10-20 rw-s 00000000 0001 0 /x",            /* no colon in the device */
		"10-20 rw-s 00000000 00:01 12x /x",         /* garbage after the inode */
		"20-10 rw-s 00000000 00:01 0 /x",           /* ends before it starts */
		"11111111111111111-2 rw-s 0 00:01 0 /x",    /* more than 64 bits */
		"0-11111111111111111 rw-s 0 00:01 0 /x",    /* so is the end */
		"10-20 rw-s 11111111111111111 00:01 0 /x",  /* and the offset */
		"10-20 rw-s 00000000 1000:01 0 /x",         /* major beyond 12 bits */
		"10-20 rw-s 00000000 00:100000 0 /x",       /* minor beyond 20 bits */
		"10-20 rw-s 00000000 00:01 99999999999999999999 /x", /* inode beyond 64 bits */
	};
	struct maps_line m;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (maps_parse_line(bad[i], &m) != -1)
			fail_msg("accepted: \"%s\"", bad[i]);
}

int main(int argc, char **argv)
{
	fixtures = argc > 1 ? argv[1] : "tests/fixtures";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_real_line_parses),
		cmocka_unit_test(shared_memory_lines),
		cmocka_unit_test(private_and_program_lines),
		cmocka_unit_test(damaged_lines),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
