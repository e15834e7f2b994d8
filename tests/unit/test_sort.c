/* SPDX-License-Identifier: GPL-2.0-or-later */
/* --sort: numbers as numbers, text in version order, unknown last, ties kept in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ipc_object.h"
#include "kinds.h"
#include "pipebuf.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

#define NPIPES 5

/* Pipes with ids "2", "10", "9", "1", "3" and queued 10, 9, unknown, 100, 9. */
static struct ipc_object **pipes(void)
{
	static const char *const ids[NPIPES] = { "2", "10", "9", "1", "3" };
	static const long long queued[NPIPES] = { 10, 9, -1, 100, 9 };
	struct ipc_object **objs = calloc(NPIPES, sizeof(*objs));

	for (size_t i = 0; i < NPIPES; i++) {
		objs[i] = ipc_object_new(kind_at((size_t)kind_find("pipe")));
		objs[i]->id = strdup(ids[i]);
		if (queued[i] >= 0)
			ipc_object_set_uint(objs[i], &attr_queued, (uint64_t)queued[i]);
	}
	return objs;
}

static void free_pipes(struct ipc_object **objs)
{
	for (size_t i = 0; i < NPIPES; i++)
		ipc_object_free(objs[i]);
	free(objs);
}

/* The ids in their order now, "2,10,9,1,3". */
static void assert_order(struct ipc_object **objs, const char *want)
{
	char got[64] = "";

	for (size_t i = 0; i < NPIPES; i++) {
		strcat(got, i ? "," : "");
		strcat(got, objs[i]->id);
	}
	assert_string_equal(got, want);
}

static void sorted_as(const char *spec, const char *want)
{
	struct sort_keys k;
	struct ipc_object **objs = pipes();

	assert_int_equal(sort_keys_parse(&k, spec), 0);
	sort_objects(&k, objs, NPIPES);
	assert_order(objs, want);
	sort_keys_free(&k);
	free_pipes(objs);
}

static void numbers_sort_as_numbers(void **state)
{
	(void)state;
	/* 9 twice keeps its order (10 before 3); the unknown one is last. */
	sorted_as("QUEUED", "10,3,2,1,9");
	sorted_as("queued:asc", "10,3,2,1,9");
}

static void descending_keeps_unknown_last(void **state)
{
	(void)state;
	sorted_as("-QUEUED", "1,2,10,3,9");
	sorted_as("queued:DESC", "1,2,10,3,9");
}

static void text_in_version_order(void **state)
{
	(void)state;
	sorted_as("ID", "1,2,3,9,10");
	sorted_as("-ID", "10,9,3,2,1");
}

static void later_keys_break_ties(void **state)
{
	(void)state;
	sorted_as("QUEUED,ID", "3,10,2,1,9");
	sorted_as("QUEUED,-ID", "10,3,2,1,9");
	/* Every pipe's KIND is the same: the second key alone decides. */
	sorted_as("KIND,ID", "1,2,3,9,10");
}

static void compare_says_which_first(void **state)
{
	(void)state;
	struct sort_keys k;
	struct ipc_object **objs = pipes();

	assert_int_equal(sort_keys_parse(&k, "QUEUED"), 0);
	assert_true(sort_compare(&k, objs[1], objs[0]) < 0); /* 9 < 10 */
	assert_true(sort_compare(&k, objs[0], objs[3]) < 0); /* 10 < 100, not as text */
	assert_int_equal(sort_compare(&k, objs[1], objs[4]), 0);
	assert_true(sort_compare(&k, objs[2], objs[3]) > 0); /* unknown after any number */
	sort_keys_free(&k);
	assert_int_equal(sort_keys_parse(&k, "-QUEUED"), 0);
	assert_true(sort_compare(&k, objs[2], objs[1]) > 0); /* and still after when descending */
	assert_true(sort_compare(&k, objs[3], objs[0]) < 0);
	sort_keys_free(&k);
	free_pipes(objs);
}

static void bad_specs_are_refused(void **state)
{
	(void)state;
	const char *bad[] = { "", "NOPE", "ID,,KIND", "ID,", "ID:up", "-ID:desc", "ID,-id", "-" };
	struct sort_keys k;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (sort_keys_parse(&k, bad[i]) != -1)
			fail_msg("--sort '%s' was taken", bad[i]);
		assert_int_equal(k.n, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_sort_as_numbers),
		cmocka_unit_test(descending_keeps_unknown_last),
		cmocka_unit_test(text_in_version_order),
		cmocka_unit_test(later_keys_break_ties),
		cmocka_unit_test(compare_says_which_first),
		cmocka_unit_test(bad_specs_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
