/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The /proc/locks and fdinfo lock parsers on recorded text, and on damaged lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "lock_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *fixtures;

static FILE *fixture(const char *name)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/proc/locks/%s", fixtures, name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	return f;
}

static void read_table(struct lock_table *t)
{
	FILE *f = fixture("locks");
	*t = (struct lock_table){ 0 };
	lock_table_read(f, t);
	fclose(f);
}

static void every_type_as_recorded(void **state)
{
	(void)state;
	struct lock_table t;

	read_table(&t);
	assert_int_equal(t.n, 9);
	assert_int_equal(t.malformed, 0);

	const struct lock_line *lease = &t.v[0].line;
	assert_int_equal(lease->id, 1);
	assert_int_equal(lease->type, LOCK_TYPE_LEASE);
	assert_int_equal(lease->lease, LEASE_ACTIVE);
	assert_int_equal(lease->mode, LOCK_MODE_READ);
	assert_true(lease->has_pid);
	assert_int_equal(lease->pid, 9332);
	assert_int_equal(lease->major, 0xfe);
	assert_int_equal(lease->minor, 0);
	assert_int_equal(lease->inode, 10961007);
	assert_true(lease->to_eof);

	const struct lock_line *ofd = &t.v[2].line;
	assert_int_equal(ofd->type, LOCK_TYPE_OFD);
	assert_int_equal(ofd->lease, LEASE_NONE);
	assert_false(ofd->has_pid); /* -1: no process owns it */
	assert_int_equal(ofd->mode, LOCK_MODE_WRITE);
	assert_int_equal(ofd->start, 10);
	assert_false(ofd->to_eof);
	assert_int_equal(ofd->end, 29);
	assert_false(ofd->mandatory);

	const struct lock_line *posix_req = &t.v[5].line;
	assert_int_equal(posix_req->type, LOCK_TYPE_POSIX);
	assert_int_equal(posix_req->depth, 1);
	assert_int_equal(posix_req->pid, 9335);
	assert_int_equal(posix_req->start, 100);
	assert_int_equal(posix_req->end, 104);
	lock_table_free(&t);
}

/* Each request sits under the lock of its number, and under the line one level up. */
static void requests_and_their_blockers(void **state)
{
	(void)state;
	struct lock_table t;

	read_table(&t);
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].line.depth == 0) {
			assert_int_equal(t.v[i].top, i);
			assert_int_equal(t.v[i].blocker, i);
			assert_int_equal(t.v[i].seq, 0);
		}
	/* OFD request under lock 3 */
	assert_int_equal(t.v[3].line.depth, 1);
	assert_int_equal(t.v[3].top, 2);
	assert_int_equal(t.v[3].blocker, 2);
	assert_int_equal(t.v[3].seq, 1);
	/* the flock chain: 5, 5 -> shared request, 5 -> -> exclusive request behind it */
	assert_int_equal(t.v[7].line.depth, 1);
	assert_int_equal(t.v[7].line.mode, LOCK_MODE_READ);
	assert_int_equal(t.v[7].top, 6);
	assert_int_equal(t.v[7].blocker, 6);
	assert_int_equal(t.v[8].line.depth, 2);
	assert_int_equal(t.v[8].line.pid, 9334);
	assert_int_equal(t.v[8].top, 6);
	assert_int_equal(t.v[8].blocker, 7);
	assert_int_equal(t.v[8].seq, 2);
	lock_table_free(&t);
}

/* fdinfo numbers its locks per file; they match /proc/locks by everything else. */
static void fdinfo_lines_match_the_table(void **state)
{
	(void)state;
	struct lock_table t;
	size_t n, malformed = 0;

	read_table(&t);
	FILE *f = fixture("fdinfo-flock");
	struct lock_line *l = fdinfo_locks(f, &n, &malformed);
	fclose(f);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].id, 1);
	assert_true(lock_line_same(&l[0], &t.v[6].line));
	assert_false(lock_line_same(&l[0], &t.v[8].line)); /* same file, another pid */
	assert_false(lock_line_same(&l[0], &t.v[1].line));
	free(l);

	f = fixture("fdinfo-ofd");
	l = fdinfo_locks(f, &n, &malformed);
	fclose(f);
	assert_int_equal(n, 1);
	assert_true(lock_line_same(&l[0], &t.v[2].line));
	assert_false(lock_line_same(&l[0], &t.v[3].line)); /* its own blocked request */
	free(l);
	assert_int_equal(malformed, 0);
	lock_table_free(&t);

	/* Damaged lock lines are counted; other fdinfo lines are not lock lines at all. */
	static const char text[] = "pos:\t0\nflags:\t02\nlock:\t1: FLOCK  ADVISORY  WRITE x fe:00:1 0 EOF\n"
				   "lock:\t2: FLOCK  ADVISORY  READ 7 fe:00:1 0 EOF\n";
	f = fmemopen((void *)text, sizeof(text) - 1, "r");
	l = fdinfo_locks(f, &n, &malformed);
	fclose(f);
	assert_int_equal(n, 1);
	assert_int_equal(l[0].pid, 7);
	assert_int_equal(malformed, 1);
	free(l);
}

static void other_shapes(void **state)
{
	(void)state;
	struct lock_line l;

	assert_int_equal(lock_line_parse("7: POSIX  MANDATORY WRITE 12 08:01:99 0 EOF", &l), 0);
	assert_true(l.mandatory);
	assert_int_equal(lock_line_parse("7: LEASE  BREAKING  UNLCK 12 08:01:99 0 EOF", &l), 0);
	assert_int_equal(l.lease, LEASE_BREAKING);
	assert_int_equal(l.mode, LOCK_MODE_NONE);
	assert_int_equal(lock_line_parse("7: LEASE  BREAKER   READ 12 08:01:99 0 EOF", &l), 0);
	assert_int_equal(l.lease, LEASE_BREAKER);
	assert_int_equal(lock_line_parse("7: DELEG  ACTIVE    READ 12 08:01:99 0 EOF", &l), 0);
	assert_int_equal(l.type, LOCK_TYPE_DELEG);
	/* A lock on no inode the kernel can name. */
	assert_int_equal(lock_line_parse("8: POSIX  ADVISORY  READ 12 <none>:0 0 EOF", &l), 0);
	assert_false(l.has_file);
	/* Large numbers: a 64-bit end and a 20-bit minor. */
	assert_int_equal(lock_line_parse("9: POSIX  ADVISORY  READ 12 fff:fffff:1 0 9223372036854775806",
					 &l),
			 0);
	assert_int_equal(l.major, 0xfff);
	assert_int_equal(l.minor, 0xfffff);
	assert_true(l.end == 9223372036854775806ULL);
	assert_string_equal(lock_type_name(LOCK_TYPE_OFD), "ofd");
	assert_string_equal(lock_mode_name(LOCK_MODE_WRITE), "write");
	assert_null(lease_state_name(LEASE_NONE));
}

static void damaged_lines(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"",
		"x: FLOCK  ADVISORY  WRITE 1 fe:00:1 0 EOF",
		"1 FLOCK  ADVISORY  WRITE 1 fe:00:1 0 EOF",         /* no colon */
		"1:->FLOCK  ADVISORY  WRITE 1 fe:00:1 0 EOF",       /* no blank before -> */
		"1: BOGUS  ADVISORY  WRITE 1 fe:00:1 0 EOF",
		"1: FLOCK  SOMETIMES WRITE 1 fe:00:1 0 EOF",
		"1: FLOCK  ADVISORY  WRIT 1 fe:00:1 0 EOF",
		"1: FLOCK  ADVISORY  WRITE 0 fe:00:1 0 EOF",        /* pid 0 */
		"1: FLOCK  ADVISORY  WRITE -2 fe:00:1 0 EOF",
		"1: FLOCK  ADVISORY  WRITE 1 fe00:1 0 EOF",         /* device without minor */
		"1: FLOCK  ADVISORY  WRITE 1 fe:00:1x 0 EOF",
		"1: POSIX  ADVISORY  WRITE 1 fe:00:1 10 9",         /* ends before it starts */
		"1: POSIX  ADVISORY  WRITE 1 fe:00:1 10",           /* no end */
		"1: POSIX  ADVISORY  WRITE 1 fe:00:1 10 EOF trailing",
		"1: POSIX  ADVISORY  WRITE 1 1000:00:1 0 EOF",      /* major beyond 12 bits */
		"1: POSIX  ADVISORY  WRITE 1 fe:00:99999999999999999999 0 EOF",
	};
	struct lock_line l;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (lock_line_parse(bad[i], &l) != -1)
			fail_msg("accepted: \"%s\"", bad[i]);
}

/* Lines the table cannot place: counted and left out, the rest kept. */
static void requests_without_a_place(void **state)
{
	(void)state;
	static const char text[] =
		"1: -> FLOCK  ADVISORY  WRITE 5 fe:00:1 0 EOF\n"   /* a request under nothing */
		"2: FLOCK  ADVISORY  WRITE 6 fe:00:2 0 EOF\n"
		"3: -> FLOCK  ADVISORY  WRITE 7 fe:00:2 0 EOF\n"   /* under another number */
		"2:   -> FLOCK  ADVISORY  WRITE 8 fe:00:2 0 EOF\n" /* two levels below its lock */
		"garbage\n"
		"\n"
		"2: -> FLOCK  ADVISORY  WRITE 9 fe:00:2 0 EOF\n";
	struct lock_table t = { 0 };
	FILE *f = fmemopen((void *)text, sizeof(text) - 1, "r");

	lock_table_read(f, &t);
	fclose(f);
	assert_int_equal(t.malformed, 4);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.v[1].line.pid, 9);
	assert_int_equal(t.v[1].top, 0);
	lock_table_free(&t);
}

int main(int argc, char **argv)
{
	fixtures = argc > 1 ? argv[1] : "tests/fixtures";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_type_as_recorded),
		cmocka_unit_test(requests_and_their_blockers),
		cmocka_unit_test(fdinfo_lines_match_the_table),
		cmocka_unit_test(other_shapes),
		cmocka_unit_test(damaged_lines),
		cmocka_unit_test(requests_without_a_place),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
