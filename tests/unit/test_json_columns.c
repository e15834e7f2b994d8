/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -o in JSON: only the members of the columns named, in their order, as lsfd writes them. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "columns.h"
#include "formatters.h"
#include "ipc_object.h"
#include "json_object.h"
#include "jsonw.h"
#include "kinds.h"
#include "pipebuf.h"
#include "procindex.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static struct ipc_object *new_pipe(const struct proc_info *holder)
{
	struct ipc_object *obj = ipc_object_new(kind_at((size_t)kind_find("pipe")));
	obj->id = strdup("77");
	obj->has_inode = true;
	obj->inode = 77;
	ipc_object_set_uint(obj, &attr_queued, 12);
	ipc_object_add_holder(obj, holder, 3, ACCESS_READ, VIA_FD);
	return obj;
}

/* The object as -o COLS (or +COLS) writes it, parsed back. */
static cJSON *written(const struct ipc_object *obj, const char *spec)
{
	struct output_options opts = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct jsonw w;

	/* As list_options_parse has it: only a list of its own names the members. */
	char *names = strdup(spec[0] == '+' ? spec + 1 : spec), *save = NULL;
	opts.json_columns = spec[0] != '+';
	for (char *n = strtok_r(names, ",", &save); n; n = strtok_r(NULL, ",", &save)) {
		opts.columns = realloc(opts.columns, (opts.ncolumns + 1) * sizeof(*opts.columns));
		opts.columns[opts.ncolumns] = column_find(n);
		assert_non_null(opts.columns[opts.ncolumns++]);
	}
	jw_init(&w, f);
	json_write_listed_object(&w, obj, &opts);
	fclose(f);
	cJSON *parsed = cJSON_Parse(text);
	if (!parsed)
		fail_msg("not JSON: %s", text);
	free(text);
	free(names);
	free(opts.columns);
	return parsed;
}

/* "id,queued": the object's members, in their order. */
static void assert_members(cJSON *o, const char *want)
{
	char got[512] = "";
	cJSON *m;

	cJSON_ArrayForEach(m, o)
	{
		strcat(got, got[0] ? "," : "");
		strcat(got, m->string);
	}
	assert_string_equal(got, want);
}

static void only_the_columns_named(void **state)
{
	(void)state;
	struct proc_info p = { .pid = 10, .command = "cat", .user = "root" };
	struct ipc_object *obj = new_pipe(&p);

	cJSON *o = written(obj, "QUEUED,id,NAME,HOLDERS");
	assert_members(o, "queued,id,name,name_bytes,holders");
	assert_int_equal(cJSON_GetObjectItem(o, "queued")->valuedouble, 12);
	assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, "77");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "name")));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 1);
	cJSON_Delete(o);
	ipc_object_free(obj);
}

static void columns_without_a_member_of_their_own(void **state)
{
	(void)state;
	struct proc_info p = { .pid = 10, .command = "cat", .user = "root" };
	struct ipc_object *obj = new_pipe(&p);

	/* SIZE is a SysV segment's: a pipe's is unknown, as its table cell is. */
	cJSON *o = written(obj, "NHOLDERS,KIND,SIZE,STALE");
	assert_members(o, "nholders,kind,size");
	assert_int_equal(cJSON_GetObjectItem(o, "nholders")->valuedouble, 1);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "size")));
	cJSON_Delete(o);

	obj->stale_judged = true;
	o = written(obj, "STALE,STALE-SINCE,INODE");
	assert_members(o, "stale,inode");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "stale")));
	cJSON_Delete(o);
	ipc_object_free(obj);
}

static void plus_keeps_every_member(void **state)
{
	(void)state;
	struct proc_info p = { .pid = 10, .command = "cat", .user = "root" };
	struct ipc_object *obj = new_pipe(&p);
	char *all = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&all, &len);
	struct jsonw w;

	jw_init(&w, f);
	json_write_object(&w, obj);
	fclose(f);
	cJSON *plus = written(obj, "+INODE,SUMMARY");
	char *text = cJSON_PrintUnformatted(plus);
	cJSON *whole = cJSON_Parse(all);
	char *want = cJSON_PrintUnformatted(whole);
	assert_string_equal(text, want);
	free(want);
	free(text);
	free(all);
	cJSON_Delete(whole);
	cJSON_Delete(plus);
	ipc_object_free(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(only_the_columns_named),
		cmocka_unit_test(columns_without_a_member_of_their_own),
		cmocka_unit_test(plus_keeps_every_member),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
