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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_by_name_and_position),
		cmocka_unit_test(joins_the_names_kept),
		cmocka_unit_test(cuts_short_in_a_small_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
