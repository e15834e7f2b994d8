/* SPDX-License-Identifier: GPL-2.0-or-later */
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
#include <string.h>

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

static void namespace_and_container_options_parse_strictly(void **state)
{
	(void)state;
	struct selection sel = { 0 };

	assert_int_equal(selection_set_netns(&sel, "4026531840"), 0);
	assert_true(sel.has_netns);
	assert_true(sel.netns == 4026531840u);
	assert_int_equal(selection_set_netns(&sel, "net:[4026532281]"), 0);
	assert_true(sel.netns == 4026532281u);
	assert_int_equal(selection_set_ipcns(&sel, "ipc:[4026531839]"), 0);
	assert_true(sel.has_ipcns && sel.ipcns == 4026531839u);
	static const char *const bad[] = { "", "0", "abc", "12x", "-5", " 5", "+5", "0x10",
					   "net:[5", "net:[]", "ipc:[5]", "net:5",
					   "99999999999999999999999" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (selection_set_netns(&sel, bad[i]) != -1)
			fail_msg("--netns '%s' was taken", bad[i]);
	assert_int_equal(selection_set_ipcns(&sel, "net:[4026531840]"), -1);

	assert_int_equal(selection_set_ns(&sel, "self"), 0);
	assert_true(sel.ns_self);
	assert_int_equal(selection_set_ns(&sel, "all"), -1);
	assert_int_equal(selection_set_ns(&sel, ""), -1);
	assert_int_equal(selection_set_ns(&sel, "SELF"), -1);

	assert_int_equal(selection_set_container(&sel, ""), -1);
	assert_int_equal(selection_set_container(&sel, "web"), 0);
	assert_int_equal(selection_set_container(&sel, "cron.service"), 0);
	assert_string_equal(sel.container, "cron.service"); /* the last one counts */
	selection_free(&sel);
}

#define ID64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* --container: a holder in it, or a holder of the peer; nobody: no match. */
static void matches_by_container(void **state)
{
	(void)state;
	struct proc_info web = { .pid = 100, .command = "nginx", .container = "docker:" ID64 };
	struct proc_info cron = { .pid = 200, .command = "cron", .container = "systemd:cron.service" };
	struct proc_info host = { .pid = 300, .command = "sh" };
	const struct kind *unix_kind = kind_at((size_t)kind_find("unix"));
	const struct attr_def *peer_def = NULL;
	struct selection sel = { 0 };

	for (size_t i = 0; i < unix_kind->nattrs; i++)
		if (unix_kind->attrs[i]->type == ATTR_PEER)
			peer_def = unix_kind->attrs[i];
	assert_non_null(peer_def);
	struct ipc_object *obj = ipc_object_new(unix_kind);
	ipc_object_add_holder(obj, &host, 3, ACCESS_READ | ACCESS_WRITE, VIA_FD);

	assert_int_equal(selection_set_container(&sel, "0123456789ab"), 0);
	assert_false(selection_matches(&sel, obj));
	ipc_peer_add_holder(ipc_object_set_peer(obj, peer_def, 5), &web, 4,
			    ACCESS_READ | ACCESS_WRITE, VIA_FD);
	assert_true(selection_matches(&sel, obj));
	assert_int_equal(selection_set_container(&sel, "docker:0123"), 0);
	assert_true(selection_matches(&sel, obj));
	assert_int_equal(selection_set_container(&sel, "cron"), 0);
	assert_false(selection_matches(&sel, obj));
	ipc_object_add_holder(obj, &cron, 5, ACCESS_READ, VIA_FD);
	assert_true(selection_matches(&sel, obj));
	assert_int_equal(selection_set_container(&sel, "podman:0123"), 0);
	assert_false(selection_matches(&sel, obj));
	selection_free(&sel);
	ipc_object_free(obj);
}

/* A kind with the namespace fields, as the socket and SysV kinds have them. */
static const struct attr_def attr_netns = { .json = "netns", .column = "NETNS", .type = ATTR_UINT };
static const struct attr_def attr_ipcns = { .json = "ipcns", .column = "IPCNS", .type = ATTR_UINT };
static const struct attr_def *const ns_attrs[] = { &attr_netns, &attr_ipcns };
static const struct kind kind_with_namespaces = { .name = "test", .attrs = ns_attrs,
						  .nattrs = 2 };

/* --netns and --ipcns: the field known and equal; a kind without it never matches. */
static void matches_by_namespace(void **state)
{
	(void)state;
	struct ipc_object *obj = ipc_object_new(&kind_with_namespaces);
	struct ipc_object *pipe = ipc_object_new(kind_at((size_t)kind_find("pipe")));
	struct selection sel = { 0 };

	assert_int_equal(selection_set_netns(&sel, "4026532281"), 0);
	assert_false(selection_matches(&sel, obj)); /* unknown */
	assert_false(selection_matches(&sel, pipe));
	ipc_object_set_uint(obj, &attr_netns, 4026532281u);
	assert_true(selection_matches(&sel, obj));
	assert_int_equal(selection_set_netns(&sel, "4026531840"), 0);
	assert_false(selection_matches(&sel, obj));
	selection_free(&sel);

	assert_int_equal(selection_set_ipcns(&sel, "4026531839"), 0);
	assert_false(selection_matches(&sel, obj));
	ipc_object_set_uint(obj, &attr_ipcns, 4026531839u);
	assert_true(selection_matches(&sel, obj));
	assert_false(selection_matches(&sel, pipe));
	selection_free(&sel);
	ipc_object_free(obj);
	ipc_object_free(pipe);
}

/* --netns or --ipcns alone: the kinds that have the field, as --port lists those with ports. */
static void namespace_alone_means_the_kinds_with_the_field(void **state)
{
	(void)state;
	struct selection sel = { 0 };

	assert_int_equal(selection_set_netns(&sel, "4026532281"), 0);
	selection_default_kinds(&sel);
	for (size_t k = 0; k < kinds_count(); k++) {
		bool has = false;
		for (size_t a = 0; a < kind_at(k)->nattrs; a++)
			has |= strcmp(kind_at(k)->attrs[a]->json, "netns") == 0;
		if (has != ((sel.kinds >> k) & 1))
			fail_msg("kind %s %s the field netns but is %s", kind_at(k)->name,
				 has ? "has" : "lacks", has ? "left out" : "listed");
	}
	selection_free(&sel);
	/* Named kinds stay as named. */
	assert_int_equal(selection_add_kinds(&sel, "pipe"), 0);
	assert_int_equal(selection_set_ipcns(&sel, "4026531839"), 0);
	unsigned long named = sel.kinds;
	selection_default_kinds(&sel);
	assert_true(sel.kinds == named);
	selection_free(&sel);
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
		cmocka_unit_test(namespace_and_container_options_parse_strictly),
		cmocka_unit_test(matches_by_container),
		cmocka_unit_test(matches_by_namespace),
		cmocka_unit_test(namespace_alone_means_the_kinds_with_the_field),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
