/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sysvipc_table_read on /proc/sysvipc files as the kernel wrote them, and damaged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sysvipc_table.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *fixtures;

#define MAX_ROWS 8

/* Every row the reader handed over, as the test asked for it. */
struct rows {
	size_t n, nvalues;
	int64_t v[MAX_ROWS][16];
};

static void keep_row(const int64_t *values, void *ctx)
{
	struct rows *rows = ctx;

	assert_true(rows->n < MAX_ROWS);
	memcpy(rows->v[rows->n++], values, rows->nvalues * sizeof(*values));
}

static int read_fixture(const char *name, const char *const *wanted, size_t n,
			struct rows *rows, struct sysvipc_result *res)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/proc/sysvipc/%s", fixtures, name);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	*rows = (struct rows){ .nvalues = n };
	int rc = sysvipc_table_read(f, wanted, n, keep_row, rows, res);
	fclose(f);
	return rc;
}

static int read_text(const char *text, const char *const *wanted, size_t n, struct rows *rows,
		     struct sysvipc_result *res)
{
	FILE *f = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(f);
	*rows = (struct rows){ .nvalues = n };
	int rc = sysvipc_table_read(f, wanted, n, keep_row, rows, res);
	fclose(f);
	return rc;
}

static void shm_as_the_kernel_prints_it(void **state)
{
	(void)state;
	static const char *const want[] = { "key", "shmid", "perms", "size", "lpid",
					    "nattch", "atime", "rss?", "swap?" };
	struct rows rows;
	struct sysvipc_result res;

	assert_int_equal(read_fixture("shm", want, 9, &rows, &res), 0);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.malformed, 0);
	assert_int_equal(rows.n, 3);
	/* key 0x0a11ce01, mode 0640 read as octal, attached and touched */
	assert_int_equal(rows.v[0][0], 0x0a11ce01);
	assert_int_equal(rows.v[0][1], 0);
	assert_int_equal(rows.v[0][2], 0640);
	assert_int_equal(rows.v[0][3], 8192);
	assert_int_equal(rows.v[0][4], 24890);
	assert_int_equal(rows.v[0][5], 1);
	assert_int_equal(rows.v[0][6], 1795441976);
	assert_int_equal(rows.v[0][7], 8192);
	assert_int_equal(rows.v[0][8], 0);
	/* removed while attached: SHM_DEST (01000) on top of 0600, key reset */
	assert_int_equal(rows.v[1][0], 0);
	assert_int_equal(rows.v[1][1], 1);
	assert_int_equal(rows.v[1][2], 01600);
	assert_int_equal(rows.v[1][3], 4096);
	assert_int_equal(rows.v[1][7], 0);
	/* never attached */
	assert_int_equal(rows.v[2][3], 65536);
	assert_int_equal(rows.v[2][4], 0);
	assert_int_equal(rows.v[2][5], 0);
	assert_int_equal(rows.v[2][6], 0);
}

/* Columns are found by name, in whatever order they are asked for. */
static void msg_and_sem_by_name(void **state)
{
	(void)state;
	static const char *const msg[] = { "qnum", "cbytes", "lrpid", "perms", "msqid",
					   "key", "lspid", "stime" };
	static const char *const sem[] = { "key", "nsems", "otime" };
	struct rows rows;
	struct sysvipc_result res;

	assert_int_equal(read_fixture("msg", msg, 8, &rows, &res), 0);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.malformed, 0);
	assert_int_equal(rows.v[0][0], 3);
	assert_int_equal(rows.v[0][1], 300);
	assert_int_equal(rows.v[0][2], 0);
	assert_int_equal(rows.v[0][3], 0620);
	assert_int_equal(rows.v[0][4], 0);
	assert_int_equal(rows.v[0][5], 0x0a11ce02);
	assert_int_equal(rows.v[0][6], 24890);
	assert_int_equal(rows.v[0][7], 1795441976);
	assert_int_equal(rows.v[1][4], 1);
	assert_int_equal(rows.v[1][5], 0);
	assert_int_equal(rows.v[1][6], 0);

	assert_int_equal(read_fixture("sem", sem, 3, &rows, &res), 0);
	assert_int_equal(res.rows, 2);
	assert_int_equal(res.malformed, 0);
	assert_int_equal(rows.v[0][0], 0x0a11ce03);
	assert_int_equal(rows.v[0][1], 2);
	/* 0xdeadbeef, printed as a negative int, back to the key's bits */
	assert_int_equal(rows.v[1][0], -559038737);
	assert_int_equal((uint32_t)rows.v[1][0], 0xdeadbeef);
	assert_int_equal(rows.v[1][2], 0);
}

/* A name is matched whole: "id" is not the "idx" before it, "rss?" not "rss_anon". */
static void names_match_whole(void **state)
{
	(void)state;
	static const char *const want[] = { "id", "rss?" };
	struct rows rows;
	struct sysvipc_result res;

	assert_int_equal(read_text("idx id rss_anon\n7 8 9\n", want, 2, &rows, &res), 0);
	assert_int_equal(res.rows, 1);
	assert_int_equal(rows.v[0][0], 8);
	assert_true(rows.v[0][1] == INT64_MIN);
}

/* An older kernel's shm without rss and swap: optional columns come back as INT64_MIN. */
static void optional_and_required_columns(void **state)
{
	(void)state;
	static const char *const optional[] = { "shmid", "rss?" };
	static const char *const required[] = { "shmid", "rss" };
	static const char *const old_shm =
		"       key      shmid perms       size  cpid  lpid nattch   uid   gid  cuid  cgid"
		"      atime      dtime      ctime\n"
		" 168939009          7   640       8192   100   100      1     0     0     0     0"
		"          5          0          5\n";
	struct rows rows;
	struct sysvipc_result res;

	assert_int_equal(read_text(old_shm, optional, 2, &rows, &res), 0);
	assert_int_equal(res.rows, 1);
	assert_int_equal(rows.v[0][0], 7);
	assert_true(rows.v[0][1] == INT64_MIN);
	/* A required column the heading lacks: the caller must use another source. */
	assert_int_equal(read_text(old_shm, required, 2, &rows, &res), -1);
	assert_int_equal(rows.n, 0);
	assert_int_equal(read_fixture("msg", required, 2, &rows, &res), -1);
}

/* Each bad line is counted and left out; the good ones around it still count. */
static void malformed_lines(void **state)
{
	(void)state;
	static const char *const want[] = { "key", "id", "perms", "size" };
	static const char *const text =
		"key id perms size\n"
		"1 2 600 10\n"                   /* good */
		"\n"                              /* blank: not an object, not an error */
		"1 3 600\n"                       /* a field short */
		"1 4 600 10 11\n"                 /* a field too many */
		"1 5 680 10\n"                    /* 8 is no octal digit */
		"1 6 600 12x\n"                   /* not a number */
		"1 7 600 -10\n"                   /* negative where only key may be */
		"1 8 -600 10\n"                   /* perms are never negative either */
		"- 9 600 10\n"                    /* a sign and no digits */
		"1 10 600 99999999999999999999\n" /* beyond 64 bits */
		"1 11 600 9223372036854775808\n"  /* one past INT64_MAX */
		"1 12 600 9223372036854775807\n"  /* good: INT64_MAX itself */
		"-1 13 644 10\n";                 /* good: a negative key */
	struct rows rows;
	struct sysvipc_result res;

	assert_int_equal(read_text(text, want, 4, &rows, &res), 0);
	assert_int_equal(res.malformed, 9);
	assert_int_equal(res.rows, 3);
	assert_int_equal(rows.v[0][1], 2);
	assert_int_equal(rows.v[0][2], 0600);
	assert_int_equal(rows.v[0][3], 10);
	assert_int_equal(rows.v[1][1], 12);
	assert_true(rows.v[1][3] == INT64_MAX);
	assert_int_equal(rows.v[2][0], -1);
	assert_int_equal(rows.v[2][1], 13);
	assert_int_equal(rows.v[2][2], 0644);
}

/*
 * The recorded shm with real damage (see the README): a row cut before its
 * last column, a blank line, a non-octal perms, a field too many.  Only the
 * two intact rows come through, with their own values, not a neighbour's.
 */
static void recorded_shm_damaged(void **state)
{
	(void)state;
	static const char *const want[] = { "shmid", "perms", "size", "rss?", "swap?" };
	struct rows rows;
	struct sysvipc_result res;

	assert_int_equal(read_fixture("shm-damaged", want, 5, &rows, &res), 0);
	assert_int_equal(res.malformed, 3);
	assert_int_equal(res.rows, 2);
	assert_int_equal(rows.v[0][0], 0);
	assert_int_equal(rows.v[0][1], 0640);
	assert_int_equal(rows.v[0][3], 8192);
	assert_int_equal(rows.v[0][4], 0);
	assert_int_equal(rows.v[1][0], 2);
	assert_int_equal(rows.v[1][1], 0600);
	assert_int_equal(rows.v[1][2], 65536);
	assert_int_equal(rows.v[1][3], 0);
	assert_int_equal(rows.v[1][4], 0);
}

static void empty_and_heading_only(void **state)
{
	(void)state;
	static const char *const want[] = { "key" };
	struct rows rows;
	struct sysvipc_result res;

	assert_int_equal(read_text("", want, 1, &rows, &res), -1);
	assert_int_equal(read_text("\n", want, 1, &rows, &res), -1);
	assert_int_equal(read_text("key shmid\n", want, 1, &rows, &res), 0);
	assert_int_equal(res.rows, 0);
	assert_int_equal(res.malformed, 0);
	/* A heading of more columns than the reader keeps is not one it knows. */
	char wide[512] = "";
	for (int i = 0; i < 40; i++)
		snprintf(wide + strlen(wide), sizeof(wide) - strlen(wide), "c%d ", i);
	strcat(wide, "key\n");
	assert_int_equal(read_text(wide, want, 1, &rows, &res), -1);
}

int main(int argc, char **argv)
{
	fixtures = argc > 1 ? argv[1] : "tests/fixtures";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shm_as_the_kernel_prints_it),
		cmocka_unit_test(msg_and_sem_by_name),
		cmocka_unit_test(names_match_whole),
		cmocka_unit_test(optional_and_required_columns),
		cmocka_unit_test(malformed_lines),
		cmocka_unit_test(recorded_shm_damaged),
		cmocka_unit_test(empty_and_heading_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
