/* --kind, --pid and --user parsing, and which objects a selection keeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ipc_object.h"
#include "kinds.h"
#include "procindex.h"
#include "selection.h"

#include <stdlib.h>

static void kinds_by_name(void **state)
{
	(void)state;
	struct selection sel = { 0 };
	int pipe = kind_find("pipe"), fifo = kind_find("fifo");

	assert_true(pipe >= 0 && fifo >= 0);
	assert_true(selection_has_kind(&sel, (size_t)pipe)); /* nothing chosen: all kinds */
	assert_int_equal(selection_add_kinds(&sel, "fifo"), 0);
	assert_true(selection_has_kind(&sel, (size_t)fifo));
	assert_false(selection_has_kind(&sel, (size_t)pipe));
	assert_int_equal(selection_add_kinds(&sel, "pipe,,fifo"), 0);
	assert_true(selection_has_kind(&sel, (size_t)pipe));
	selection_free(&sel);
}

static void bad_kinds_are_rejected(void **state)
{
	(void)state;
	struct selection sel = { 0 };
	assert_int_equal(selection_add_kinds(&sel, "pipes"), -1);
	assert_int_equal(selection_add_kinds(&sel, "pipe,bogus"), -1);
	assert_int_equal(selection_add_kinds(&sel, ""), -1);
	assert_int_equal(selection_add_kinds(&sel, ","), -1);
	assert_int_equal(selection_add_kinds(&sel, "PIPE"), -1);
	selection_free(&sel);
}

static void pids_parse_strictly(void **state)
{
	(void)state;
	struct selection sel = { 0 };
	assert_int_equal(selection_add_pids(&sel, "1,42"), 0);
	assert_int_equal(selection_add_pids(&sel, "7"), 0);
	assert_int_equal(sel.npids, 3);
	assert_int_equal(sel.pids[0], 1);
	assert_int_equal(sel.pids[1], 42);
	assert_int_equal(sel.pids[2], 7);

	const char *bad[] = { "", "0", "-1", "12x", " 12", "+12", "1.5", "99999999999999999999",
			      "2147483648", "abc", "1,,2", "1,", ",1", "," };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct selection s = { 0 };
		if (selection_add_pids(&s, bad[i]) != -1)
			fail_msg("pid list '%s' was accepted", bad[i]);
		selection_free(&s);
	}
	selection_free(&sel);
}

static void users_by_name_or_uid(void **state)
{
	(void)state;
	struct selection sel = { 0 };
	assert_int_equal(selection_set_user(&sel, "root"), 0);
	assert_true(sel.by_user);
	assert_int_equal(sel.uid, 0);
	assert_int_equal(selection_set_user(&sel, "65534"), 0);
	assert_int_equal(sel.uid, 65534);
	assert_int_equal(selection_set_user(&sel, "no-such-user-here"), -1);
	assert_int_equal(selection_set_user(&sel, "-5"), -1);
	selection_free(&sel);
}

static void port_alone_means_the_kinds_with_ports(void **state)
{
	(void)state;
	struct selection sel = { 0 };

	assert_int_equal(selection_add_ports(&sel, "5432"), 0);
	selection_default_kinds(&sel);
	assert_true(selection_has_kind(&sel, (size_t)kind_find("tcp")));
	assert_true(selection_has_kind(&sel, (size_t)kind_find("udp")));
	assert_true(selection_has_kind(&sel, (size_t)kind_find("raw")));
	assert_false(selection_has_kind(&sel, (size_t)kind_find("pipe")));
	assert_false(selection_has_kind(&sel, (size_t)kind_find("unix")));
	selection_free(&sel);

	/* A kind the user named stays, even one without ports. */
	assert_int_equal(selection_add_ports(&sel, "1,65535"), 0);
	assert_int_equal(selection_add_kinds(&sel, "pipe"), 0);
	selection_default_kinds(&sel);
	assert_true(selection_has_kind(&sel, (size_t)kind_find("pipe")));
	assert_false(selection_has_kind(&sel, (size_t)kind_find("tcp")));
	selection_free(&sel);

	assert_int_equal(selection_add_ports(&sel, "65536"), -1);
	assert_int_equal(selection_add_ports(&sel, "-1"), -1);
	assert_int_equal(selection_add_ports(&sel, "80x"), -1);
	assert_int_equal(selection_add_ports(&sel, "80,,443"), -1);
	assert_int_equal(selection_add_ports(&sel, "80,"), -1);
	selection_free(&sel);
}

static void matches_by_holder_pid_and_user(void **state)
{
	(void)state;
	struct proc_info alice = { .pid = 100, .uid = 1000, .command = "a" };
	struct proc_info bob = { .pid = 200, .uid = 2000, .command = "b" };
	struct ipc_object *obj = ipc_object_new(kind_at((size_t)kind_find("pipe")));
	obj->has_uid = true;
	obj->uid = 1000;
	ipc_object_add_holder(obj, &alice, 3, ACCESS_READ, VIA_FD);
	ipc_object_add_holder(obj, &bob, 4, ACCESS_WRITE, VIA_FD);

	struct selection sel = { 0 };
	assert_true(selection_matches(&sel, obj));
	assert_int_equal(selection_add_pids(&sel, "200"), 0);
	assert_true(selection_matches(&sel, obj));
	selection_free(&sel);
	assert_int_equal(selection_add_pids(&sel, "300"), 0);
	assert_false(selection_matches(&sel, obj));
	selection_free(&sel);

	assert_int_equal(selection_set_user(&sel, "2000"), 0); /* a holder's user */
	assert_true(selection_matches(&sel, obj));
	assert_int_equal(selection_set_user(&sel, "3000"), 0);
	assert_false(selection_matches(&sel, obj));
	selection_free(&sel);
	ipc_object_free(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_by_name),
		cmocka_unit_test(bad_kinds_are_rejected),
		cmocka_unit_test(pids_parse_strictly),
		cmocka_unit_test(users_by_name_or_uid),
		cmocka_unit_test(port_alone_means_the_kinds_with_ports),
		cmocka_unit_test(matches_by_holder_pid_and_user),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
