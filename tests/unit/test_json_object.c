/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The JSON contract: field names, types, and null for what is unknown. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ipc_object.h"
#include "json_object.h"
#include "jsonw.h"

#include <cjson/cJSON.h>
#include "kinds.h"
#include "pipebuf.h"
#include "procindex.h"

#include <stdlib.h>
#include <string.h>

static struct ipc_object *new_pipe(void)
{
	struct ipc_object *obj = ipc_object_new(kind_at((size_t)kind_find("pipe")));
	obj->id = strdup("9001");
	obj->has_inode = true;
	obj->inode = 9001;
	return obj;
}

/* The text the JSON formats print for one object. */
static char *text_of(const struct ipc_object *obj)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct jsonw w;

	assert_non_null(f);
	jw_init(&w, f);
	json_write_object(&w, obj);
	fclose(f);
	return text;
}

/* The object as a reader sees it: printed, then parsed back. */
static cJSON *printed(const struct ipc_object *obj)
{
	char *text = text_of(obj);
	cJSON *parsed = cJSON_Parse(text);
	if (!parsed)
		fail_msg("not JSON: %s", text);
	free(text);
	return parsed;
}

static void unknown_values_are_null(void **state)
{
	(void)state;
	struct proc_info p = { .pid = 10, .uid = 0, .command = "writer", .user = "root" };
	struct ipc_object *obj = new_pipe();
	ipc_object_add_holder(obj, &p, 5, ACCESS_WRITE, VIA_FD);

	cJSON *o = printed(obj);
	assert_string_equal(cJSON_GetObjectItem(o, "kind")->valuestring, "pipe");
	assert_string_equal(cJSON_GetObjectItem(o, "id")->valuestring, "9001");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "name")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "name_bytes")));
	assert_int_equal(cJSON_GetObjectItem(o, "inode")->valuedouble, 9001);
	const char *nullable[] = { "uid", "user", "gid", "mode", "queued", "capacity" };
	for (size_t i = 0; i < sizeof(nullable) / sizeof(nullable[0]); i++) {
		cJSON *v = cJSON_GetObjectItem(o, nullable[i]);
		if (!cJSON_IsNull(v))
			fail_msg("unknown '%s' is not null", nullable[i]);
	}
	cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "holders"), 0);
	assert_int_equal(cJSON_GetObjectItem(h, "pid")->valuedouble, 10);
	assert_string_equal(cJSON_GetObjectItem(h, "command")->valuestring, "writer");
	assert_string_equal(cJSON_GetObjectItem(h, "user")->valuestring, "root");
	assert_int_equal(cJSON_GetObjectItem(h, "fd")->valuedouble, 5);
	assert_string_equal(cJSON_GetObjectItem(h, "access")->valuestring, "w");
	assert_string_equal(cJSON_GetObjectItem(h, "via")->valuestring, "fd");
	cJSON_Delete(o);
	ipc_object_free(obj);
}

static void known_values_keep_their_types(void **state)
{
	(void)state;
	struct ipc_object *obj = new_pipe();
	obj->has_uid = obj->has_gid = obj->has_mode = true;
	obj->uid = 0;
	obj->gid = 0;
	obj->mode = 0600;
	/* An empty pipe has 0 queued: a real zero, which must not turn into null. */
	ipc_object_set_uint(obj, &attr_queued, 0);
	ipc_object_set_uint(obj, &attr_capacity, 65536);

	cJSON *o = printed(obj);
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "uid")));
	assert_string_equal(cJSON_GetObjectItem(o, "user")->valuestring, "root");
	assert_string_equal(cJSON_GetObjectItem(o, "mode")->valuestring, "0600");
	assert_true(cJSON_IsNumber(cJSON_GetObjectItem(o, "queued")));
	assert_int_equal(cJSON_GetObjectItem(o, "queued")->valuedouble, 0);
	assert_int_equal(cJSON_GetObjectItem(o, "capacity")->valuedouble, 65536);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 0);
	cJSON_Delete(o);
	ipc_object_free(obj);
}

static void holder_without_command_or_user(void **state)
{
	(void)state;
	struct proc_info p = { .pid = 11, .uid = 4242 };
	struct ipc_object *obj = new_pipe();
	ipc_object_add_holder(obj, &p, 0, 0, VIA_FD);
	cJSON *o = printed(obj);
	cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "holders"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(h, "command")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(h, "user")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(h, "container")));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(h, "access")));
	cJSON_Delete(o);
	ipc_object_free(obj);
}

/* "container" follows "user" in every holder, a peer's too: a string, or null for none. */
static void holders_say_their_container(void **state)
{
	(void)state;
	struct proc_info in = { .pid = 12, .uid = 0, .command = "nginx", .user = "root",
				.container = "docker:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" };
	struct proc_info out = { .pid = 13, .uid = 0, .command = "curl", .user = "root" };
	const struct kind *unix_kind = kind_at((size_t)kind_find("unix"));
	struct ipc_object *obj = ipc_object_new(unix_kind);
	const struct attr_def *peer_def = NULL;

	obj->id = strdup("77");
	for (size_t i = 0; i < unix_kind->nattrs; i++)
		if (unix_kind->attrs[i]->type == ATTR_PEER)
			peer_def = unix_kind->attrs[i];
	assert_non_null(peer_def);
	ipc_object_add_holder(obj, &in, 3, ACCESS_READ | ACCESS_WRITE, VIA_FD);
	ipc_peer_add_holder(ipc_object_set_peer(obj, peer_def, 78), &out, 4,
			    ACCESS_READ | ACCESS_WRITE, VIA_FD);

	char *text = text_of(obj);
	assert_non_null(strstr(text, "\"user\":\"root\",\"container\":\"docker:0123456789abcdef"));
	free(text);
	cJSON *o = printed(obj);
	cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "holders"), 0);
	assert_string_equal(cJSON_GetObjectItem(h, "container")->valuestring, in.container);
	cJSON *peer = cJSON_GetObjectItem(o, peer_def->json);
	cJSON *ph = cJSON_GetArrayItem(cJSON_GetObjectItem(peer, "holders"), 0);
	assert_int_equal(cJSON_GetObjectItem(ph, "pid")->valuedouble, 13);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(ph, "container")));
	cJSON_Delete(o);
	ipc_object_free(obj);
}

static void large_inode_keeps_every_digit(void **state)
{
	(void)state;
	struct ipc_object *obj = new_pipe();
	obj->inode = 18446744073709551557ULL; /* a prime near 2^64, far past 2^53 */
	ipc_object_set_uint(obj, &attr_queued, 9007199254740993ULL); /* 2^53 + 1 */
	char *text = text_of(obj);
	assert_non_null(strstr(text, "\"inode\":18446744073709551557,"));
	assert_non_null(strstr(text, "\"queued\":9007199254740993,"));
	free(text);
	ipc_object_free(obj);
}

static const struct attr_def *lock_attr(const struct kind *k, const char *json)
{
	for (size_t i = 0; i < k->nattrs; i++)
		if (strcmp(k->attrs[i]->json, json) == 0)
			return k->attrs[i];
	fail_msg("the lock kind has no %s", json);
	return NULL;
}

/*
 * A lock's read or write is "lock_mode", in the lock and in each of its
 * waiters; "mode" is the permission bits, as for every object: a lock has
 * none to show.
 */
static void lock_mode_beside_the_permission_mode(void **state)
{
	(void)state;
	const struct kind *k = kind_at((size_t)kind_find("lock"));
	struct ipc_object *obj = ipc_object_new(k);
	struct lock_waiter *w = calloc(1, sizeof(*w));

	assert_non_null(w);
	obj->id = strdup("3");
	ipc_object_set_str(obj, lock_attr(k, "lock_mode"), "write");
	*w = (struct lock_waiter){ .has_pid = true, .pid = 12, .mode = "read", .to_eof = true };
	ipc_object_set_waiters(obj, lock_attr(k, "waiters"), w, 1);

	cJSON *o = printed(obj);
	assert_string_equal(cJSON_GetObjectItem(o, "lock_mode")->valuestring, "write");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(o, "mode")));
	cJSON *waiter = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "waiters"), 0);
	assert_string_equal(cJSON_GetObjectItem(waiter, "lock_mode")->valuestring, "read");
	assert_null(cJSON_GetObjectItem(waiter, "mode"));
	cJSON_Delete(o);
	ipc_object_free(obj);
}

static void unreadable_process(void **state)
{
	(void)state;
	struct proc_info p = { .pid = 1, .command = "init", .user = "root",
			       .unreadable = "permission denied" };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct jsonw w;
	jw_init(&w, f);
	json_write_unreadable(&w, &p);
	fclose(f);
	cJSON *o = cJSON_Parse(text);
	free(text);
	assert_non_null(o);
	assert_int_equal(cJSON_GetObjectItem(o, "pid")->valuedouble, 1);
	assert_string_equal(cJSON_GetObjectItem(o, "command")->valuestring, "init");
	assert_string_equal(cJSON_GetObjectItem(o, "reason")->valuestring, "permission denied");
	cJSON_Delete(o);
}

static struct ipc_object *new_fifo(const char *name)
{
	struct ipc_object *obj = ipc_object_new(kind_at((size_t)kind_find("fifo")));
	obj->id = strdup("254:0:77");
	obj->name = name ? strdup(name) : NULL;
	return obj;
}

/* name_bytes is always there, a string or null: a script sees one shape for every object. */
static void name_bytes_only_where_name_is_not_the_name(void **state)
{
	(void)state;
	const struct {
		const char *name, *bytes; /* NULL bytes: null */
	} cases[] = {
		{ NULL, NULL },
		{ "/tmp/plain", NULL },
		{ "/tmp/caf\xc3\xa9", NULL },
		{ "/tmp/a\x1b]0;x\x07\n\xc2\x9b", NULL }, /* escaped in "name", but exact */
		{ "a\xff", "Yf8=" },
		{ "a\xfe", "Yf4=" },
		{ "/tmp/x\x9b", "L3RtcC94mw==" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ipc_object *obj = new_fifo(cases[i].name);
		cJSON *o = printed(obj);
		cJSON *bytes = cJSON_GetObjectItem(o, "name_bytes");
		if (!bytes)
			fail_msg("case %zu: no name_bytes", i);
		if (!cases[i].bytes && !cJSON_IsNull(bytes))
			fail_msg("case %zu: name_bytes is not null", i);
		if (cases[i].bytes && (!cJSON_IsString(bytes) ||
				       strcmp(bytes->valuestring, cases[i].bytes) != 0))
			fail_msg("case %zu: name_bytes is not \"%s\"", i, cases[i].bytes);
		if (cases[i].name && !cases[i].bytes)
			assert_string_equal(cJSON_GetObjectItem(o, "name")->valuestring, cases[i].name);
		cJSON_Delete(o);
		ipc_object_free(obj);
	}
}

/* Two names that differ only in bytes that are not UTF-8 read the same, and are told apart. */
static void colliding_names_differ_in_name_bytes(void **state)
{
	(void)state;
	struct ipc_object *ff = new_fifo("a\xff"), *fe = new_fifo("a\xfe");
	cJSON *a = printed(ff), *b = printed(fe);

	assert_string_equal(cJSON_GetObjectItem(a, "name")->valuestring,
			    cJSON_GetObjectItem(b, "name")->valuestring);
	assert_string_not_equal(cJSON_GetObjectItem(a, "name_bytes")->valuestring,
				cJSON_GetObjectItem(b, "name_bytes")->valuestring);
	cJSON_Delete(a);
	cJSON_Delete(b);
	ipc_object_free(ff);
	ipc_object_free(fe);
}

/* watch --ndjson names members as json_write_object does, name_bytes among them. */
static void name_bytes_as_a_member(void **state)
{
	(void)state;
	struct ipc_object *obj = new_fifo("a\xff");
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct jsonw w;

	jw_init(&w, f);
	jw_object_begin(&w);
	assert_true(json_write_member_as(&w, obj, "name_bytes", "old"));
	jw_object_end(&w);
	fclose(f);
	assert_string_equal(text, "{\"old\":\"Yf8=\"}");
	free(text);
	ipc_object_free(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unknown_values_are_null),
		cmocka_unit_test(name_bytes_only_where_name_is_not_the_name),
		cmocka_unit_test(colliding_names_differ_in_name_bytes),
		cmocka_unit_test(name_bytes_as_a_member),
		cmocka_unit_test(known_values_keep_their_types),
		cmocka_unit_test(holder_without_command_or_user),
		cmocka_unit_test(holders_say_their_container),
		cmocka_unit_test(large_inode_keeps_every_digit),
		cmocka_unit_test(lock_mode_beside_the_permission_mode),
		cmocka_unit_test(unreadable_process),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
