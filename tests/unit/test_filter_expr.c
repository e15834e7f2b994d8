/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * -Q expressions: what parses, where an error is reported, precedence,
 * and evaluation on hand-made objects with JSON's types (numbers as
 * numbers, null equal only to null, other types unequal to each other).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "filter_expr.h"
#include "ipc_object.h"
#include "kinds.h"
#include "procindex.h"

#include <stdlib.h>
#include <string.h>

static const struct attr_def *attr_of(const struct kind *kind, const char *json)
{
	for (size_t i = 0; i < kind->nattrs; i++)
		if (strcmp(kind->attrs[i]->json, json) == 0)
			return kind->attrs[i];
	fail_msg("kind %s has no attribute %s", kind->name, json);
	return NULL;
}

static const struct kind *kind_named(const char *name)
{
	int k = kind_find(name);
	assert_true(k >= 0);
	return kind_at((size_t)k);
}

static struct proc_info proc_a = { .pid = 100, .command = "a" };
static struct proc_info proc_b = { .pid = 200, .command = "b" };

/* A tcp socket 127.0.0.1:8080, two holders, inode 4242, uid 0, state listen. */
static struct ipc_object *make_tcp(void)
{
	const struct kind *tcp = kind_named("tcp");
	struct ipc_object *obj = ipc_object_new(tcp);

	obj->id = strdup("t1");
	obj->has_inode = true;
	obj->inode = 4242;
	obj->has_uid = true;
	obj->uid = 0;
	ipc_object_set_str(obj, attr_of(tcp, "state"), "listen");
	ipc_object_set_str(obj, attr_of(tcp, "local_addr"), "127.0.0.1");
	ipc_object_set_uint(obj, attr_of(tcp, "local_port"), 8080);
	ipc_object_add_holder(obj, &proc_a, 3, ACCESS_READ | ACCESS_WRITE, VIA_FD);
	ipc_object_add_holder(obj, &proc_b, 4, ACCESS_READ | ACCESS_WRITE, VIA_FD);
	return obj; /* remote_port and the rest stay unknown: null */
}

/* A lock held by pid -1 as the kernel can say (an OFD lock), not mandatory. */
static struct ipc_object *make_lock(void)
{
	const struct kind *lock = kind_named("lock");
	struct ipc_object *obj = ipc_object_new(lock);

	obj->id = strdup("1");
	obj->name = strdup("/run/x.lock");
	obj->has_mode = true;
	obj->mode = 0644;
	ipc_object_set_int(obj, attr_of(lock, "pid"), -1);
	ipc_object_set_bool(obj, attr_of(lock, "mandatory"), false);
	ipc_object_set_str(obj, attr_of(lock, "lock_mode"), "write");
	return obj;
}

static bool eval(const char *text, const struct ipc_object *obj)
{
	struct filter_error err;
	struct filter_expr *f = filter_expr_parse(text, &err);

	if (!f)
		fail_msg("'%s' did not parse: %s at %zu", text, err.message, err.pos);
	bool r = filter_expr_matches(f, obj);
	filter_expr_free(f);
	return r;
}

static void expect(const char *text, const struct ipc_object *obj, bool want)
{
	if (eval(text, obj) != want)
		fail_msg("'%s' is %s of %s %s; expected %s", text, want ? "false" : "true",
			 obj->kind->name, obj->id, want ? "true" : "false");
}

static void expect_error(const char *text, size_t pos, const char *words)
{
	struct filter_error err = { 0 };
	struct filter_expr *f = filter_expr_parse(text, &err);

	if (f) {
		filter_expr_free(f);
		fail_msg("'%s' parsed; expected an error at %zu", text, pos);
	}
	if (err.pos != pos || !strstr(err.message, words))
		fail_msg("'%s': error at %zu '%s'; expected at %zu saying '%s'", text, err.pos,
			 err.message, pos, words);
}

static void numbers_and_strings_compare_as_json_types(void **state)
{
	(void)state;
	struct ipc_object *t = make_tcp();

	expect("KIND == \"tcp\"", t, true);
	expect("kind == \"TCP\"", t, false);
	expect("NHOLDERS >= 2", t, true);
	expect("nholders > 2", t, false);
	expect("INODE == 4242 && inode != 4243", t, true);
	expect("LOCAL-PORT == 8080", t, true);
	expect("local_port == 8080", t, true);
	expect("Local-Port < 10000 and LOCAL-PORT > 1024", t, true);
	expect("LOCAL-PORT == \"8080\"", t, false); /* a number is no string */
	expect("LOCAL-PORT != \"8080\"", t, false); /* nor unequal to one: no order at all */
	expect("STATE == \"listen\"", t, true);
	expect("STATE < \"m\"", t, true);             /* strings in byte order */
	expect("LOCAL-ADDR =~ \"^127\\\\.\"", t, true); /* \\ in the string: one \ */
	expect("LOCAL-ADDR !~ \"^10\\\\.\"", t, true);
	expect("LOCAL-PORT =~ \"80\"", t, false); /* a regex matches text only */
	expect("USER == \"root\"", t, true);
	expect("UID == 0", t, true);
	expect("LOCAL-PORT == 8080 && 1 < 2", t, true);
	ipc_object_free(t);
}

static void null_equals_only_null(void **state)
{
	(void)state;
	struct ipc_object *t = make_tcp();
	struct ipc_object *l = make_lock();

	expect("REMOTE-PORT == null", t, true);
	expect("remote_port != null", t, false);
	expect("REMOTE-PORT == 0", t, false); /* unknown is not 0 */
	expect("REMOTE-PORT != 0", t, true);
	expect("REMOTE-PORT < 1", t, false);
	expect("NAME == null", t, true);
	expect("NAME == null", l, false);
	expect("MODE == null", t, true);
	expect("MODE == \"0644\"", l, true); /* a string in JSON */
	/* A column of other kinds only is null here, as a member JSON does not have. */
	expect("LOCAL-PORT == null", l, true);
	expect("PID == null", t, true);
	ipc_object_free(t);
	ipc_object_free(l);
}

static void negatives_booleans_and_bare_columns(void **state)
{
	(void)state;
	struct ipc_object *l = make_lock();

	expect("PID == -1", l, true);
	expect("PID < 0", l, true);
	expect("PID < -2", l, false);
	expect("PID > -18446744073709551615", l, true);
	expect("MANDATORY == false", l, true);
	expect("MANDATORY", l, false);
	expect("!MANDATORY", l, true);
	expect("not mandatory", l, true);
	expect("MANDATORY == 0", l, false); /* false is no number */
	expect("true", l, true);
	expect("null == null", l, true);
	expect("PID eq -1 and NAME ne \"x\"", l, true);
	ipc_object_free(l);
}

static void precedence_and_parentheses(void **state)
{
	(void)state;
	struct ipc_object *t = make_tcp();

	/* && binds tighter than ||: true || (false && false). */
	expect("true || false && false", t, true);
	expect("(true || false) && false", t, false);
	/* ! binds tighter than &&: (!false) && true. */
	expect("!false && true", t, true);
	expect("!(true && false)", t, true);
	expect("not not true", t, true);
	expect("KIND == \"pipe\" || KIND == \"tcp\" && NHOLDERS == 2", t, true);
	expect("(KIND == \"pipe\" || KIND == \"tcp\") && NHOLDERS == 3", t, false);
	expect("false or false or true", t, true);
	expect("true and true and false", t, false);
	ipc_object_free(t);
}

static void strings_take_two_escapes(void **state)
{
	(void)state;
	struct ipc_object *obj = make_lock();

	free(obj->name);
	obj->name = strdup("a\"b\\c");
	expect("NAME == \"a\\\"b\\\\c\"", obj, true);
	expect("NAME =~ \"^a\\\"b\"", obj, true);
	ipc_object_free(obj);
}

static void errors_say_where(void **state)
{
	(void)state;
	expect_error("", 0, "empty");
	expect_error("   ", 0, "empty");
	expect_error("KIND == \"pipe\" && FOO >= 2", 18, "unknown column 'FOO'");
	expect_error("KIND = \"pipe\"", 5, "'=='");
	expect_error("KIND == \"pipe\" & true", 15, "'&&'");
	expect_error("KIND == \"pipe", 8, "unterminated");
	expect_error("NAME == \"a\\nb\"", 10, "escape");
	expect_error("(KIND == \"pipe\"", 0, "never closed");
	expect_error("KIND == \"pipe\")", 14, "')'");
	expect_error("KIND ==", 7, "ends");
	expect_error("== 1", 0, "expected a column");
	expect_error("NAME =~ \"[\"", 8, "regular expression");
	expect_error("NAME =~ NAME", 8, "in quotes");
	expect_error("NHOLDERS > 12abc", 11, "whole decimal");
	expect_error("NHOLDERS > 1.5", 11, "whole decimal");
	expect_error("NHOLDERS > 99999999999999999999", 11, "out of range");
	expect_error("true true", 5, "&& or ||");
	expect_error("KIND == \"a\" == \"b\"", 12, "&& or ||");
	expect_error("NAME # 1", 5, "'#'");
	expect_error("&& true", 0, "expected a column");
	expect_error("not", 3, "ends");
}

/* A column of a kind not selected is an error; a common one never is. */
static void columns_checked_against_the_kinds(void **state)
{
	(void)state;
	struct filter_error err;
	unsigned long pipe = 1UL << kind_find("pipe"), tcp = 1UL << kind_find("tcp");
	struct filter_expr *f = filter_expr_parse("NHOLDERS > 0 && LOCAL-PORT == 80", &err);

	assert_non_null(f);
	assert_int_equal(filter_expr_check_kinds(f, 0, &err), 0);
	assert_int_equal(filter_expr_check_kinds(f, tcp, &err), 0);
	assert_int_equal(filter_expr_check_kinds(f, pipe | tcp, &err), 0);
	assert_int_equal(filter_expr_check_kinds(f, pipe, &err), -1);
	assert_int_equal(err.pos, 16);
	assert_non_null(strstr(err.message, "LOCAL-PORT"));
	filter_expr_free(f);
}

/* SUMMARY and HOLDERS have no JSON value of their own: their cell's text. */
static void text_columns_compare_their_text(void **state)
{
	(void)state;
	struct ipc_object *t = make_tcp();

	expect("HOLDERS =~ \"^100/a\\\\[3rw\\\\],200/b\"", t, true);
	expect("holders == \"-\"", t, false);
	ipc_object_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(numbers_and_strings_compare_as_json_types),
		cmocka_unit_test(null_equals_only_null),
		cmocka_unit_test(negatives_booleans_and_bare_columns),
		cmocka_unit_test(precedence_and_parentheses),
		cmocka_unit_test(strings_take_two_escapes),
		cmocka_unit_test(errors_say_where),
		cmocka_unit_test(columns_checked_against_the_kinds),
		cmocka_unit_test(text_columns_compare_their_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
