/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one lookup every table of named things goes through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "registry.h"

#include <stdbool.h>
#include <string.h>

struct fruit {
	const char *name;
	bool red;
};

static const struct fruit apple = { "apple", true }, pear = { "pear", false },
			  cherry = { "cherry", true };
static const struct fruit *const fruit_table[] = { &apple, &pear, &cherry };
static const struct registry fruits = REGISTRY_OF(fruit_table);

static void finds_by_name_and_position(void **state)
{
	(void)state;
	assert_int_equal(fruits.n, 3);
	assert_ptr_equal(registry_at(&fruits, 1), &pear);
	assert_null(registry_at(&fruits, 3));
	assert_int_equal(registry_index(&fruits, "cherry"), 2);
	assert_int_equal(registry_index(&fruits, "plum"), -1);
	assert_ptr_equal(registry_find(&fruits, "apple"), &apple);
	assert_null(registry_find(&fruits, "appl"));
}

static bool is_red(const void *item, const void *arg)
{
	(void)arg;
	return ((const struct fruit *)item)->red;
}

static void joins_the_names_kept(void **state)
{
	(void)state;
	char all[64] = "", red[64] = "";

	assert_string_equal(registry_names(&fruits, NULL, NULL, all, sizeof(all)),
			    "apple, pear, cherry");
	assert_string_equal(registry_names(&fruits, is_red, NULL, red, sizeof(red)), "apple, cherry");
}

/* A buffer too small cuts the list short, never past its end. */
static void cuts_short_in_a_small_buffer(void **state)
{
	(void)state;
	char buf[9];

	memset(buf, 0, sizeof(buf));
	assert_string_equal(registry_names(&fruits, NULL, NULL, buf, sizeof(buf)), "apple, p");
}

/* Damerau's distance: a swap of neighbours is one edit, case is no difference. */
static void measures_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(edit_distance("list", "list"), 0);
	assert_int_equal(edit_distance("lsit", "list"), 1);
	assert_int_equal(edit_distance("lst", "list"), 1);
	assert_int_equal(edit_distance("liste", "list"), 1);
	assert_int_equal(edit_distance("HOLDRES", "holders"), 1);
	assert_int_equal(edit_distance("ca", "abc"), 3);
	assert_int_equal(edit_distance("", "pipe"), 4);
	assert_int_equal(edit_distance("kitten", "sitting"), 3);
}

static void suggests_the_closest_name(void **state)
{
	(void)state;
	assert_string_equal(registry_suggest(&fruits, "aple"), "apple");
	assert_string_equal(registry_suggest(&fruits, "PAER"), "pear");
	assert_string_equal(registry_suggest(&fruits, "cherr"), "cherry");
	/* A word that begins a name is that name, however short. */
	assert_string_equal(registry_suggest(&fruits, "ch"), "cherry");
	/* Too far, or too many letters of a short word changed: no guess. */
	assert_null(registry_suggest(&fruits, "banana"));
	assert_null(registry_suggest(&fruits, "plum"));
	assert_null(registry_suggest(&fruits, "pxyr"));
	assert_null(registry_suggest(&fruits, ""));
}

/* The nearest wins over the first; among equals, the first considered. */
static void prefers_nearer_then_earlier(void **state)
{
	(void)state;
	struct suggestion s;

	suggestion_start(&s, "summery");
	suggestion_consider(&s, "sumary");  /* two edits */
	suggestion_consider(&s, "summary"); /* one */
	suggestion_consider(&s, "summarx"); /* two */
	assert_string_equal(s.best, "summary");

	suggestion_start(&s, "loc");
	suggestion_consider(&s, "locks");
	suggestion_consider(&s, "load"); /* one edit, but "loc" begins locks */
	assert_string_equal(s.best, "locks");

	assert_string_equal(did_you_mean("list"), " did you mean 'list'?");
	assert_string_equal(did_you_mean(NULL), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_by_name_and_position),
		cmocka_unit_test(joins_the_names_kept),
		cmocka_unit_test(cuts_short_in_a_small_buffer),
		cmocka_unit_test(measures_edit_distance),
		cmocka_unit_test(suggests_the_closest_name),
		cmocka_unit_test(prefers_nearer_then_earlier),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
