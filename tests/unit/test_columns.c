/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -o parsing and the text of table cells. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "columns.h"
#include "human_size.h"
#include "ipc_object.h"
#include "kinds.h"
#include "pipebuf.h"
#include "procindex.h"
#include "selection.h"

#include <stdlib.h>
#include <string.h>

static bool has_column(const struct column **cols, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(cols[i]->name, name) == 0)
			return true;
	return false;
}

static void defaults_and_additions(void **state)
{
	(void)state;
	struct selection sel = { 0 };
	const struct column **cols;
	size_t n;

	assert_int_equal(selection_add_kinds(&sel, "pipe"), 0);
	assert_int_equal(columns_choose(NULL, &sel, &cols, &n), 0);
	assert_true(has_column(cols, n, "HOLDERS"));
	assert_true(has_column(cols, n, "QUEUED"));
	assert_false(has_column(cols, n, "INODE"));
	free(cols);

	assert_int_equal(columns_choose("+inode", &sel, &cols, &n), 0);
	assert_true(has_column(cols, n, "HOLDERS"));
	assert_true(has_column(cols, n, "INODE"));
	free(cols);

	assert_int_equal(columns_choose("kind,Id", &sel, &cols, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(cols[0]->name, "KIND");
	assert_string_equal(cols[1]->name, "ID");
	free(cols);

	/* A default named again with "+" is simply there. */
	assert_int_equal(columns_choose("+HOLDERS", &sel, &cols, &n), 0);
	assert_true(has_column(cols, n, "HOLDERS"));
	free(cols);

	assert_int_equal(columns_choose("KIND,NOPE", &sel, &cols, &n), -1);
	assert_null(cols);
	assert_int_equal(columns_choose(",", &sel, &cols, &n), -1);
	selection_free(&sel);
}

/* Typos in -o are refused, not quietly mended into some table. */
static void malformed_column_lists_are_refused(void **state)
{
	(void)state;
	struct selection sel = { 0 };
	const struct column **cols;
	size_t n;
	const char *bad[] = { ",,KIND", "KIND,,ID", "KIND,", "+", "+,", "+INODE,", "KIND,KIND",
			      "kind,ID,Kind", "+INODE,inode", "" };

	assert_int_equal(selection_add_kinds(&sel, "pipe"), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cols = (const struct column **)&sel; /* must come back NULL */
		if (columns_choose(bad[i], &sel, &cols, &n) != -1)
			fail_msg("-o '%s' was accepted", bad[i]);
		assert_null(cols);
		assert_int_equal(n, 0);
	}
	selection_free(&sel);
}

/*
 * Kinds whose columns differ are shown in the overview's, as with no kind
 * named, HOLDERS last; kinds of the same columns keep theirs.
 */
static void defaults_of_several_kinds_keep_holders_last(void **state)
{
	(void)state;
	struct selection sel = { 0 };
	const struct column **cols;
	size_t n;

	assert_int_equal(selection_add_kinds(&sel, "pipe,unix"), 0);
	assert_int_equal(columns_choose(NULL, &sel, &cols, &n), 0);
	assert_string_equal(cols[0]->name, "KIND");
	assert_string_equal(cols[n - 1]->name, "HOLDERS");
	assert_false(has_column(cols, n, "QUEUED"));
	assert_true(has_column(cols, n, "NAME"));
	assert_true(has_column(cols, n, "SUMMARY"));
	assert_true(has_column(cols, n, "PEER"));
	assert_true(columns_are_overview(NULL, &sel));
	free(cols);
	selection_free(&sel);

	assert_int_equal(selection_add_kinds(&sel, "pipe,sysv_msg"), 0);
	assert_int_equal(columns_choose(NULL, &sel, &cols, &n), 0);
	assert_string_equal(cols[n - 1]->name, "HOLDERS");
	assert_false(has_column(cols, n, "MESSAGES"));
	free(cols);
	selection_free(&sel);

	/* -o + adds to the overview too. */
	assert_int_equal(selection_add_kinds(&sel, "pipe,sysv_msg"), 0);
	assert_int_equal(columns_choose("+MESSAGES", &sel, &cols, &n), 0);
	assert_true(has_column(cols, n, "MESSAGES"));
	assert_true(has_column(cols, n, "SUMMARY"));
	free(cols);
	selection_free(&sel);

	assert_int_equal(selection_add_kinds(&sel, "tcp,udp"), 0);
	assert_int_equal(columns_choose(NULL, &sel, &cols, &n), 0);
	assert_true(has_column(cols, n, "USER"));
	assert_false(has_column(cols, n, "NAME"));
	assert_false(columns_are_overview(NULL, &sel));
	free(cols);
	selection_free(&sel);
}

/* No kind named: every kind is listed, with the columns they share. */
static void overview_when_no_kind_is_named(void **state)
{
	(void)state;
	struct selection sel = { 0 };
	const struct column **cols;
	size_t n;
	static const char *const want[] = { "KIND", "ID", "NAME", "SUMMARY", "PEER", "HOLDERS" };

	assert_int_equal(columns_choose(NULL, &sel, &cols, &n), 0);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(cols[i]->name, want[i]);
	free(cols);
	assert_int_equal(columns_choose("+INODE", &sel, &cols, &n), 0);
	assert_string_equal(cols[n - 1]->name, "INODE");
	free(cols);
}

/* A JSON field never changes type: kinds that share a field name share its type. */
static void shared_field_names_have_one_type(void **state)
{
	(void)state;
	static const char *const common[] = { "kind", "id", "name", "inode", "uid",
					      "user", "gid", "holders" };
	for (size_t a = 0; a < kinds_count(); a++)
		for (size_t i = 0; i < kind_at(a)->nattrs; i++) {
			const struct attr_def *x = kind_at(a)->attrs[i];
			for (size_t c = 0; c < sizeof(common) / sizeof(common[0]); c++)
				if (strcmp(x->json, common[c]) == 0)
					fail_msg("%s.%s hides a common field", kind_at(a)->name, x->json);
			for (size_t b = 0; b < kinds_count(); b++)
				for (size_t j = 0; j < kind_at(b)->nattrs; j++) {
					const struct attr_def *y = kind_at(b)->attrs[j];
					if (strcmp(x->json, y->json) == 0 && x->type != y->type)
						fail_msg("%s.%s and %s.%s differ in type", kind_at(a)->name,
							 x->json, kind_at(b)->name, y->json);
					if (strcmp(x->column, y->column) == 0 &&
					    strcmp(x->json, y->json) != 0)
						fail_msg("column %s names both %s and %s", x->column,
							 x->json, y->json);
				}
		}
}

static void cells(void **state)
{
	(void)state;
	struct proc_info cat = { .pid = 4242, .uid = 0, .command = "cat" };
	struct proc_info sh = { .pid = 77, .uid = 0, .command = "sh" };
	struct ipc_object *obj = ipc_object_new(kind_at((size_t)kind_find("pipe")));
	obj->id = strdup("123");
	obj->has_inode = true;
	obj->inode = 123;
	ipc_object_add_holder(obj, &cat, 3, ACCESS_READ, VIA_FD);
	ipc_object_add_holder(obj, &sh, 1, ACCESS_WRITE, VIA_FD);
	ipc_object_sort_holders(obj);
	ipc_object_set_uint(obj, &attr_capacity, 65536);

	char *text = column_cell(column_find("HOLDERS"), obj);
	assert_string_equal(text, "77/sh[1w],4242/cat[3r]");
	free(text);
	/* Bytes as 64K in tables; exact with --bytes. */
	text = column_cell(column_find("CAPACITY"), obj);
	assert_string_equal(text, "64K");
	free(text);
	human_size_set_exact(true);
	text = column_cell(column_find("CAPACITY"), obj);
	human_size_set_exact(false);
	assert_string_equal(text, "65536");
	free(text);
	/* Unknown values and columns of another kind have no text; the table shows "-". */
	assert_null(column_cell(column_find("QUEUED"), obj));
	assert_null(column_cell(column_find("DEV"), obj));
	assert_null(column_cell(column_find("MODE"), obj));
	text = column_cell(column_find("INODE"), obj);
	assert_string_equal(text, "123");
	free(text);
	ipc_object_free(obj);
}

#define ID64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

/* CONTAINER: the short forms of the holders' containers, each once, in holder order. */
static void container_cell(void **state)
{
	(void)state;
	struct proc_info a = { .pid = 10, .command = "nginx", .container = "docker:" ID64 };
	struct proc_info b = { .pid = 11, .command = "nginx", .container = "docker:" ID64 };
	struct proc_info c = { .pid = 12, .command = "cron", .container = "systemd:cron.service" };
	struct proc_info d = { .pid = 13, .command = "sh" };
	struct ipc_object *obj = ipc_object_new(kind_at((size_t)kind_find("pipe")));

	ipc_object_add_holder(obj, &d, 0, ACCESS_READ, VIA_FD);
	assert_null(column_cell(column_find("CONTAINER"), obj));
	assert_false(objects_have_container(&obj, 1));
	ipc_object_add_holder(obj, &a, 3, ACCESS_READ, VIA_FD);
	ipc_object_add_holder(obj, &b, 3, ACCESS_WRITE, VIA_FD);
	ipc_object_add_holder(obj, &c, 4, ACCESS_WRITE, VIA_FD);
	char *text = column_cell(column_find("container"), obj);
	assert_string_equal(text, "docker:0123456789ab,systemd:cron.service");
	free(text);
	assert_true(objects_have_container(&obj, 1));
	ipc_object_free(obj);
}

/* The overview gets CONTAINER before HOLDERS; other defaults and -o lists do not. */
static void container_joins_the_overview(void **state)
{
	(void)state;
	struct selection sel = { 0 };
	const struct column **cols, **more;
	size_t n;

	assert_true(columns_are_overview(NULL, &sel));
	assert_true(columns_are_overview("+INODE", &sel));
	assert_false(columns_are_overview("KIND,ID", &sel));
	assert_int_equal(columns_choose(NULL, &sel, &cols, &n), 0);
	size_t before = n;
	more = columns_with_container(cols, &n);
	assert_int_equal(n, before + 1);
	assert_string_equal(more[n - 2]->name, "CONTAINER");
	assert_string_equal(more[n - 1]->name, "HOLDERS");
	/* Named already: not twice. */
	const struct column **again = columns_with_container(more, &n);
	assert_int_equal(n, before + 1);
	free(again);
	free(more);
	free(cols);

	assert_int_equal(selection_add_kinds(&sel, "pipe"), 0);
	assert_false(columns_are_overview(NULL, &sel));
	selection_free(&sel);
	sel.stale = sel.stale_only = true;
	assert_false(columns_are_overview(NULL, &sel));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_and_additions),
		cmocka_unit_test(malformed_column_lists_are_refused),
		cmocka_unit_test(defaults_of_several_kinds_keep_holders_last),
		cmocka_unit_test(overview_when_no_kind_is_named),
		cmocka_unit_test(shared_field_names_have_one_type),
		cmocka_unit_test(cells),
		cmocka_unit_test(container_cell),
		cmocka_unit_test(container_joins_the_overview),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
