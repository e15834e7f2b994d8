/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Two snapshots joined by kind and identity: what was created, removed or
 * changed, which members changed, which holders came and went; and the
 * event line watch --ndjson writes for them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "formatters.h"
#include "ipc_object.h"
#include "json_object.h"
#include "jsonw.h"
#include "kinds.h"
#include "procindex.h"
#include "snapshot.h"
#include "snapshot_diff.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct proc_info reader = { .pid = 10, .command = "cat", .user = "root" };
static struct proc_info writer = { .pid = 20, .command = "yes", .user = "root" };
static struct proc_info other = { .pid = 30, .command = "sh", .user = "root" };

static const struct kind *kind_named(const char *name)
{
	return kind_at((size_t)kind_find(name));
}

static const struct attr_def *attr(const struct kind *k, const char *json)
{
	for (size_t i = 0; i < k->nattrs; i++)
		if (strcmp(k->attrs[i]->json, json) == 0)
			return k->attrs[i];
	fail_msg("kind %s has no %s", k->name, json);
	return NULL;
}

static struct ipc_object *pipe_object(unsigned inode, uint64_t queued)
{
	const struct kind *k = kind_named("pipe");
	struct ipc_object *obj = ipc_object_new(k);

	obj->id = malloc(16);
	snprintf(obj->id, 16, "%u", inode);
	obj->has_inode = true;
	obj->inode = inode;
	ipc_object_set_uint(obj, attr(k, "queued"), queued);
	return obj;
}

/* A lock as /proc/locks line `position` shows it. */
static struct ipc_object *lock_object(unsigned position, unsigned inode, int pid)
{
	const struct kind *k = kind_named("lock");
	struct ipc_object *obj = ipc_object_new(k);

	obj->id = malloc(16);
	snprintf(obj->id, 16, "%u", position);
	obj->has_inode = true;
	obj->inode = inode;
	ipc_object_set_str(obj, attr(k, "type"), "flock");
	ipc_object_set_str(obj, attr(k, "lock_mode"), "write");
	ipc_object_set_str(obj, attr(k, "dev"), "254:0");
	ipc_object_set_uint(obj, attr(k, "start"), 0);
	ipc_object_set_int(obj, attr(k, "pid"), pid);
	ipc_object_set_bool(obj, attr(k, "blocked"), false);
	return obj;
}

struct side {
	struct snapshot snap;
	struct snapshot_keys keys;
};

static void side_add(struct side *s, struct ipc_object *obj)
{
	s->snap.objects = realloc(s->snap.objects, (s->snap.nobjects + 1) * sizeof(obj));
	assert_non_null(s->snap.objects);
	ipc_object_sort_holders(obj);
	s->snap.objects[s->snap.nobjects++] = obj;
}

static void side_free(struct side *s)
{
	snapshot_keys_free(&s->keys);
	for (size_t i = 0; i < s->snap.nobjects; i++)
		ipc_object_free(s->snap.objects[i]);
	free(s->snap.objects);
}

/* Each event as "EVENT KIND ID: key,key +pid -pid", one per line. */
static int record_event(const struct object_diff *d, void *ctx)
{
	FILE *f = ctx;
	const struct ipc_object *obj = d->now ? d->now : d->old;

	fprintf(f, "%s %s %s:", diff_event_name(d->event), obj->kind->name, obj->id);
	for (size_t i = 0; i < d->nkeys; i++)
		fprintf(f, "%s%s", i ? "," : " ", d->keys[i]);
	for (size_t i = 0; i < d->njoined; i++)
		fprintf(f, " +%d", d->joined[i].proc->pid);
	for (size_t i = 0; i < d->nleft; i++)
		fprintf(f, " -%d", d->left[i].proc->pid);
	fputc('\n', f);
	return 0;
}

/* Each event as watch --ndjson writes it. */
static int write_event(const struct object_diff *d, void *ctx)
{
	formatter_find("ndjson", DOC_WATCH)->watch_event("2026-11-27T05:00:00Z", d, ctx);
	return 0;
}

/* What `report` writes of the diff between the two sides. */
static char *diff_written(struct side *before, struct side *now,
			  int (*report)(const struct object_diff *d, void *ctx))
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	snapshot_keys_build(&before->keys, &before->snap);
	snapshot_keys_build(&now->keys, &now->snap);
	assert_int_equal(snapshot_diff(&before->keys, &now->keys, report, f), 0);
	fclose(f);
	return text;
}

static char *diff_of(struct side *before, struct side *now)
{
	return diff_written(before, now, record_event);
}

static void created_removed_changed_and_unchanged(void **state)
{
	(void)state;
	struct side before = { 0 }, now = { 0 };

	struct ipc_object *kept = pipe_object(100, 0), *kept_now = pipe_object(100, 0);
	ipc_object_add_holder(kept, &reader, 3, ACCESS_READ, VIA_FD);
	ipc_object_add_holder(kept_now, &reader, 3, ACCESS_READ, VIA_FD);
	side_add(&before, kept);
	side_add(&now, kept_now);

	/* Filled up, and a writer took the place of another. */
	struct ipc_object *filled = pipe_object(200, 0), *filled_now = pipe_object(200, 4096);
	ipc_object_add_holder(filled, &reader, 0, ACCESS_READ, VIA_FD);
	ipc_object_add_holder(filled, &other, 1, ACCESS_WRITE, VIA_FD);
	ipc_object_add_holder(filled_now, &writer, 1, ACCESS_WRITE, VIA_FD);
	ipc_object_add_holder(filled_now, &reader, 0, ACCESS_READ, VIA_FD);
	side_add(&before, filled);
	side_add(&now, filled_now);

	side_add(&before, pipe_object(300, 0));
	side_add(&now, pipe_object(400, 0));

	char *events = diff_of(&before, &now);
	assert_string_equal(events, "changed pipe 200: holders,queued +20 -30\n"
				    "removed pipe 300:\n"
				    "created pipe 400:\n");
	free(events);
	side_free(&before);
	side_free(&now);
}

/* Several mappings of one process tie in the holders' order: any order is the same set. */
static void holders_in_another_order_are_no_change(void **state)
{
	(void)state;
	struct side before = { 0 }, now = { 0 };
	struct ipc_object *a = pipe_object(500, 0), *b = pipe_object(500, 0);

	ipc_object_add_holder(a, &reader, -1, ACCESS_READ, VIA_MAP);
	ipc_object_add_holder(a, &reader, -1, ACCESS_READ | ACCESS_WRITE, VIA_MAP);
	ipc_object_add_holder(b, &reader, -1, ACCESS_READ | ACCESS_WRITE, VIA_MAP);
	ipc_object_add_holder(b, &reader, -1, ACCESS_READ, VIA_MAP);
	side_add(&before, a);
	side_add(&now, b);

	char *events = diff_of(&before, &now);
	assert_string_equal(events, "");
	free(events);
	side_free(&before);
	side_free(&now);
}

/* A lock's ID is its line in /proc/locks: one released before it renumbers it. */
static void renumbered_lock_is_the_same_lock(void **state)
{
	(void)state;
	struct side before = { 0 }, now = { 0 };

	side_add(&before, lock_object(1, 7001, 41));
	side_add(&before, lock_object(2, 7002, 42));
	side_add(&now, lock_object(1, 7002, 42));

	char *events = diff_of(&before, &now);
	assert_string_equal(events, "removed lock 1:\n"
				    "changed lock 1: id\n");
	free(events);
	side_free(&before);
	side_free(&now);
}

/* Two processes' read locks on one file and range differ by their owner alone. */
static void shared_locks_differ_by_owner(void **state)
{
	(void)state;
	struct side before = { 0 }, now = { 0 };

	side_add(&before, lock_object(1, 7003, 41));
	side_add(&before, lock_object(2, 7003, 42));
	side_add(&now, lock_object(1, 7003, 42));

	char *events = diff_of(&before, &now);
	assert_string_equal(events, "removed lock 1:\n"
				    "changed lock 1: id\n");
	free(events);
	side_free(&before);
	side_free(&now);
}

/*
 * A lock turned from read to write is the same lock, changed in its
 * "lock_mode"; its "mode" is the permission bits every object has, unknown
 * for a lock, and no change.
 */
static void lock_mode_is_not_the_permission_mode(void **state)
{
	(void)state;
	struct side before = { 0 }, now = { 0 };
	struct ipc_object *was = lock_object(1, 7004, 43), *is = lock_object(1, 7004, 43);

	ipc_object_set_str(was, attr(was->kind, "lock_mode"), "read");
	side_add(&before, was);
	side_add(&now, is);
	char *line = diff_written(&before, &now, write_event);
	assert_non_null(strstr(line, "\"gid\":null,\"mode\":null,\"holders\":[],"));
	assert_non_null(strstr(line, "\"type\":\"flock\",\"lock_mode\":\"write\","));
	assert_non_null(strstr(line, "\"changes\":[{\"field\":\"lock_mode\",\"old\":\"read\","
				     "\"new\":\"write\"}]}"));
	free(line);
	side_free(&before);
	side_free(&now);
}

/* The documented line: the object as list --json writes it, then each change. */
static void ndjson_event_line(void **state)
{
	(void)state;
	struct side before = { 0 }, now = { 0 };
	struct ipc_object *was = pipe_object(600, 0), *is = pipe_object(600, 100);
	char *expected;

	ipc_object_add_holder(was, &reader, 3, ACCESS_READ, VIA_FD);
	ipc_object_add_holder(is, &writer, 4, ACCESS_WRITE, VIA_FD);
	side_add(&before, was);
	side_add(&now, is);
	char *line = diff_written(&before, &now, write_event);

	const char *writer_holder = "{\"pid\":20,\"command\":\"yes\",\"user\":\"root\",\"container\":null,\"fd\":4,"
				    "\"access\":\"w\",\"via\":\"fd\"}";
	const char *reader_holder = "{\"pid\":10,\"command\":\"cat\",\"user\":\"root\",\"container\":null,\"fd\":3,"
				    "\"access\":\"r\",\"via\":\"fd\"}";
	assert_true(asprintf(&expected,
			     "{\"time\":\"2026-11-27T05:00:00Z\",\"event\":\"changed\","
			     "\"object\":{\"kind\":\"pipe\",\"id\":\"600\",\"name\":null,\"name_bytes\":null,\"inode\":600,"
			     "\"uid\":null,\"user\":null,\"gid\":null,\"mode\":null,\"holders\":[%s],"
			     "\"queued\":100,\"capacity\":null},"
			     "\"changes\":[{\"field\":\"holders\",\"joined\":[%s],\"left\":[%s]},"
			     "{\"field\":\"queued\",\"old\":0,\"new\":100}]}\n",
			     writer_holder, writer_holder, reader_holder) > 0);
	assert_string_equal(line, expected);
	free(expected);
	free(line);
	side_free(&before);
	side_free(&now);
}

/* A name that changes and is not UTF-8 on one side: its exact bytes change with it. */
static void changed_name_keeps_its_bytes(void **state)
{
	(void)state;
	struct side before = { 0 }, now = { 0 };
	struct ipc_object *was = pipe_object(601, 0), *is = pipe_object(601, 0);

	was->name = strdup("a\xff");
	is->name = strdup("a\xfe");
	side_add(&before, was);
	side_add(&now, is);
	char *line = diff_written(&before, &now, write_event);
	assert_non_null(strstr(line, "\"changes\":[{\"field\":\"name\",\"old\":\"a\\ufffd\","
				     "\"new\":\"a\\ufffd\"},{\"field\":\"name_bytes\","
				     "\"old\":\"Yf8=\",\"new\":\"Yf4=\"}]"));
	free(line);
	side_free(&before);
	side_free(&now);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(created_removed_changed_and_unchanged),
		cmocka_unit_test(holders_in_another_order_are_no_change),
		cmocka_unit_test(renumbered_lock_is_the_same_lock),
		cmocka_unit_test(shared_locks_differ_by_owner),
		cmocka_unit_test(lock_mode_is_not_the_permission_mode),
		cmocka_unit_test(ndjson_event_line),
		cmocka_unit_test(changed_name_keeps_its_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
