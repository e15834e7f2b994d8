/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The kernel limits summary shows: each limit's use measured from objects
 * built here, its value from stand-in sysctls and IPC_INFO, and null where
 * either cannot be known.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ipc_info.h"
#include "ipc_object.h"
#include "kernel_limits.h"
#include "kinds.h"
#include "namespaces.h"
#include "selection.h"
#include "snapshot.h"
#include "sysctl.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_OBJECTS 16
#define MAX_SYSCTLS 16

/* What the limits are measured from: objects, a selection, IPC_INFO and /proc/sys. */
struct world {
	struct selection sel;
	struct snapshot snap;
	struct ipc_object *objects[MAX_OBJECTS];
	struct ipc_info info;
	struct limit_usage *limits;
	size_t nlimits;
};

/* The stand-in /proc/sys: a name with no text is a file that cannot be read. */
static struct {
	const char *name, *text;
} sysctls[MAX_SYSCTLS];

static int fake_sysctl(const char *name, uint64_t *values, size_t max)
{
	for (size_t i = 0; i < MAX_SYSCTLS && sysctls[i].name; i++)
		if (strcmp(sysctls[i].name, name) == 0)
			return sysctls[i].text ? sysctl_parse_numbers(sysctls[i].text, values, max) : -1;
	return -1;
}

static void set_sysctl(const char *name, const char *text)
{
	size_t i = 0;

	while (i < MAX_SYSCTLS && sysctls[i].name && strcmp(sysctls[i].name, name) != 0)
		i++;
	assert_true(i < MAX_SYSCTLS);
	sysctls[i].name = name;
	sysctls[i].text = text;
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	w->snap.sel = &w->sel;
	w->snap.objects = w->objects;
	memset(sysctls, 0, sizeof(sysctls));
	set_sysctl("kernel.shmmni", "4096\n");
	set_sysctl("kernel.shmall", "18446744073692774399\n");
	set_sysctl("kernel.shmmax", "18446744073692774399\n");
	set_sysctl("kernel.msgmni", "32000\n");
	set_sysctl("kernel.msgmnb", "16384\n");
	set_sysctl("kernel.sem", "250\t32000\t32\t128\n");
	set_sysctl("fs.mqueue.queues_max", "256\n");
	set_sysctl("fs.mqueue.msg_max", "10\n");
	set_sysctl("fs.mqueue.msgsize_max", "8192\n");
	set_sysctl("fs.pipe-user-pages-soft", "16384\n");
	set_sysctl("fs.file-max", "5000\n");
	set_sysctl("fs.file-nr", "1000\t0\t5000\n");
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	for (size_t i = 0; i < w->snap.nobjects; i++)
		ipc_object_free(w->objects[i]);
	free(w->limits);
	selection_free(&w->sel);
	free(w);
	return 0;
}

static struct ipc_object *add(struct world *w, const char *kind)
{
	int k = kind_find(kind);

	assert_true(k >= 0);
	assert_true(w->snap.nobjects < MAX_OBJECTS);
	struct ipc_object *obj = ipc_object_new(kind_at((size_t)k));
	w->objects[w->snap.nobjects++] = obj;
	return obj;
}

static void set(struct ipc_object *obj, const char *json, uint64_t v)
{
	for (size_t a = 0; a < obj->kind->nattrs; a++) {
		if (strcmp(obj->kind->attrs[a]->json, json) == 0) {
			ipc_object_set_uint(obj, obj->kind->attrs[a], v);
			return;
		}
	}
	fail_msg("kind %s has no attribute %s", obj->kind->name, json);
}

static void measure(struct world *w)
{
	struct limit_measure m = { .snap = &w->snap, .info = &w->info, .sysctl = fake_sysctl };

	free(w->limits);
	w->nlimits = limits_measure_from(&m, &w->limits);
}

/* The limits of one IPC namespace, whose objects alone count. */
static void measure_in(struct world *w, const struct namespace *ns)
{
	struct limit_measure m = { .snap = &w->snap, .info = &w->info, .sysctl = fake_sysctl,
				   .ipcns = ns };

	free(w->limits);
	w->nlimits = limits_measure_from(&m, &w->limits);
}

static const struct limit_usage *limit(const struct world *w, const char *name)
{
	for (size_t i = 0; i < w->nlimits; i++)
		if (strcmp(w->limits[i].name, name) == 0)
			return &w->limits[i];
	fail_msg("no limit %s", name);
	return NULL;
}

static void assert_known(struct maybe_u64 v, uint64_t want)
{
	assert_true(v.known);
	assert_int_equal(v.v, want);
}

static void every_limit_in_order_under_its_kind(void **state)
{
	struct world *w = *state;
	static const char *const want[][2] = {
		{ "shmmni", "sysv_shm" },
		{ "shmall", "sysv_shm" },
		{ "shmmax", "sysv_shm" },
		{ "msgmni", "sysv_msg" },
		{ "msgmnb", "sysv_msg" },
		{ "semmni", "sysv_sem" },
		{ "semmns", "sysv_sem" },
		{ "mqueue_queues_max", "posix_mq" },
		{ "mqueue_msg_max", "posix_mq" },
		{ "mqueue_msgsize_max", "posix_mq" },
		{ "pipe_user_pages_soft", "pipe" }, /* the whole system's, after the namespace's */
		{ "file_max", NULL },
	};

	measure(w);
	assert_int_equal(w->nlimits, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < w->nlimits; i++) {
		assert_string_equal(w->limits[i].name, want[i][0]);
		if (want[i][1])
			assert_string_equal(w->limits[i].kind, want[i][1]);
		else
			assert_null(w->limits[i].kind);
	}
	assert_string_equal(limit(w, "semmni")->sysctl, "kernel.sem");
	assert_true(limit(w, "shmmax")->ceiling);
	assert_false(limit(w, "shmmni")->ceiling);
}

static void only_the_selected_kinds_limits(void **state)
{
	struct world *w = *state;

	assert_int_equal(selection_add_kinds(&w->sel, "sysv_sem,fifo"), 0);
	measure(w);
	/* The FIFOs count toward the pipes' limit, but it belongs to the pipes. */
	assert_int_equal(w->nlimits, 3);
	assert_string_equal(w->limits[0].name, "semmni");
	assert_string_equal(w->limits[1].name, "semmns");
	assert_string_equal(w->limits[2].name, "file_max");
}

static void sysv_use_from_the_kernel_counts_and_the_objects(void **state)
{
	struct world *w = *state;

	w->info.shm_segments = maybe_known(7);
	w->info.shm_pages = maybe_known(80);
	w->info.msg_queues = maybe_known(2);
	w->info.sem_sets = maybe_known(3);
	w->info.sem_semaphores = maybe_known(6);
	set(add(w, "sysv_shm"), "size", 4096);
	set(add(w, "sysv_shm"), "size", 65536);
	add(w, "sysv_shm"); /* size unknown */
	set(add(w, "posix_shm"), "size", 1 << 20); /* another kind's: not a segment */
	set(add(w, "sysv_msg"), "bytes", 300);
	set(add(w, "sysv_msg"), "bytes", 1500);
	set(add(w, "posix_mq"), "bytes", 9000);
	measure(w);

	assert_known(limit(w, "shmmni")->used, 7);
	assert_known(limit(w, "shmmni")->limit, 4096);
	assert_true(limit(w, "shmmni")->has_percent);
	assert_float_equal(limit(w, "shmmni")->percent, 100.0 * 7 / 4096, 1e-9);
	assert_known(limit(w, "shmall")->used, 80);
	assert_known(limit(w, "shmmax")->used, 65536);
	assert_known(limit(w, "msgmni")->used, 2);
	assert_known(limit(w, "msgmni")->limit, 32000);
	assert_known(limit(w, "msgmnb")->used, 1500);
	assert_known(limit(w, "semmni")->used, 3);
	assert_known(limit(w, "semmns")->used, 6);
}

static void kernel_sem_fields_by_position(void **state)
{
	struct world *w = *state;

	/* SEMMSL, SEMMNS, SEMOPM, SEMMNI */
	measure(w);
	assert_known(limit(w, "semmns")->limit, 32000);
	assert_known(limit(w, "semmni")->limit, 128);
	/* Too few numbers: SEMMNI is missing, not 0, unless IPC_INFO has it. */
	set_sysctl("kernel.sem", "250\t32000\n");
	measure(w);
	assert_known(limit(w, "semmns")->limit, 32000);
	assert_false(limit(w, "semmni")->limit.known);
	w->info.semmni = maybe_known(64);
	measure(w);
	assert_known(limit(w, "semmni")->limit, 64);
}

static void unknown_use_is_null(void **state)
{
	struct world *w = *state;

	/* No SHM_INFO, MSG_INFO or SEM_INFO: the counts are unknown, not 0. */
	measure(w);
	const char *const counted[] = { "shmmni", "shmall", "msgmni", "semmni", "semmns" };
	for (size_t i = 0; i < sizeof(counted) / sizeof(counted[0]); i++) {
		assert_false(limit(w, counted[i])->used.known);
		assert_true(limit(w, counted[i])->limit.known);
		assert_false(limit(w, counted[i])->has_percent);
	}
	/* No object: the largest is none, which is known. */
	assert_known(limit(w, "shmmax")->used, 0);
}

static void missing_sysctl_is_null_or_ipc_info(void **state)
{
	struct world *w = *state;

	w->info.shm_segments = maybe_known(7);
	set_sysctl("kernel.shmmni", NULL);
	set_sysctl("kernel.msgmni", "many\n");
	set_sysctl("fs.mqueue.queues_max", NULL);
	set_sysctl("fs.mqueue.msg_max", "");
	set_sysctl("fs.pipe-user-pages-soft", "-1\n");
	set_sysctl("fs.file-max", NULL);
	measure(w);
	for (size_t i = 0; i < w->nlimits; i++) {
		const char *name = w->limits[i].name;
		bool broken = strcmp(name, "shmmni") == 0 || strcmp(name, "msgmni") == 0 ||
			      strcmp(name, "mqueue_queues_max") == 0 ||
			      strcmp(name, "mqueue_msg_max") == 0 ||
			      strcmp(name, "pipe_user_pages_soft") == 0 ||
			      strcmp(name, "file_max") == 0;
		assert_true(w->limits[i].limit.known == !broken);
		if (broken)
			assert_false(w->limits[i].has_percent);
	}
	/* IPC_INFO stands in for the SysV ones; nothing does for the others. */
	w->info.shmmni = maybe_known(2048);
	w->info.msgmni = maybe_known(16);
	measure(w);
	assert_known(limit(w, "shmmni")->limit, 2048);
	assert_float_equal(limit(w, "shmmni")->percent, 100.0 * 7 / 2048, 1e-9);
	assert_known(limit(w, "msgmni")->limit, 16);
	assert_false(limit(w, "mqueue_queues_max")->limit.known);
	/* A readable sysctl wins over IPC_INFO. */
	set_sysctl("kernel.shmmni", "4096\n");
	measure(w);
	assert_known(limit(w, "shmmni")->limit, 4096);
}

static void posix_queues_from_their_objects(void **state)
{
	struct world *w = *state;
	struct ipc_object *q, *other;

	q = add(w, "posix_mq");
	set(q, "messages", 1);
	set(q, "message_size", 128);
	q = add(w, "posix_mq");
	set(q, "messages", 5);
	set(q, "message_size", 8192);
	add(w, "posix_mq"); /* its file could not be read */
	other = add(w, "sysv_msg"); /* not a POSIX queue */
	set(other, "messages", 100);
	measure(w);

	assert_known(limit(w, "mqueue_msg_max")->used, 5);
	assert_known(limit(w, "mqueue_msg_max")->limit, 10);
	assert_float_equal(limit(w, "mqueue_msg_max")->percent, 50.0, 1e-9);
	assert_known(limit(w, "mqueue_msgsize_max")->used, 8192);
	assert_known(limit(w, "mqueue_queues_max")->used, 3);
	struct limit_measure m = { .snap = &w->snap, .kind = q->kind };
	assert_known(limit_count(&m), 3);
	m.kind = other->kind;
	assert_known(limit_count(&m), 1);

	/* Seen only through the queues held open (no mqueue mount): no count rather than one too low. */
	uint64_t own = w->snap.index.own_ns[NS_IPC];
	w->snap.kind_partial = calloc(kinds_count(), sizeof(*w->snap.kind_partial));
	w->snap.kind_partial[kind_index(q->kind)] = (struct partial_namespaces){ &own, 1 };
	m.kind = q->kind;
	assert_false(limit_count(&m).known);
	m.kind = other->kind;
	assert_known(limit_count(&m), 1);
	free(w->snap.kind_partial);
	w->snap.kind_partial = NULL;
}

static struct ipc_object *pipe_of(struct world *w, const char *kind, int uid, uint64_t pages)
{
	struct ipc_object *obj = add(w, kind);

	if (uid >= 0) {
		obj->has_uid = true;
		obj->uid = (uid_t)uid;
	}
	if (pages)
		set(obj, "capacity", pages * (uint64_t)sysconf(_SC_PAGESIZE));
	return obj;
}

static void pipe_pages_of_the_user_with_most(void **state)
{
	struct world *w = *state;

	pipe_of(w, "pipe", 1000, 16);
	pipe_of(w, "pipe", 1000, 16);
	pipe_of(w, "fifo", 1000, 1); /* a FIFO's buffer is charged the same way */
	pipe_of(w, "pipe", 0, 16);
	pipe_of(w, "pipe", 0, 0);  /* buffer not read: not counted */
	pipe_of(w, "pipe", -1, 64); /* owner unknown: not counted */
	measure(w);

	assert_known(limit(w, "pipe_user_pages_soft")->used, 33);
	assert_known(limit(w, "pipe_user_pages_soft")->limit, 16384);
	assert_true(limit(w, "pipe_user_pages_soft")->has_percent);
	/* 0 is no limit at all: no share of it. */
	set_sysctl("fs.pipe-user-pages-soft", "0\n");
	measure(w);
	assert_known(limit(w, "pipe_user_pages_soft")->limit, 0);
	assert_false(limit(w, "pipe_user_pages_soft")->has_percent);
}

static void open_files_from_file_nr(void **state)
{
	struct world *w = *state;

	measure(w);
	assert_known(limit(w, "file_max")->used, 1000);
	assert_known(limit(w, "file_max")->limit, 5000);
	assert_float_equal(limit(w, "file_max")->percent, 20.0, 1e-9);
	set_sysctl("fs.file-nr", "1000\t20\t5000\n");
	measure(w);
	assert_known(limit(w, "file_max")->used, 980);
	/* More unused than allocated is no count to trust. */
	set_sysctl("fs.file-nr", "10\t20\t5000\n");
	measure(w);
	assert_false(limit(w, "file_max")->used.known);
	set_sysctl("fs.file-nr", NULL);
	measure(w);
	assert_false(limit(w, "file_max")->used.known);
	assert_false(limit(w, "file_max")->has_percent);
}

static void a_namespace_counts_its_own_objects(void **state)
{
	struct world *w = *state;
	const struct namespace ours = { .type = NS_IPC, .inode = 4026531839, .own = true };
	const struct namespace theirs = { .type = NS_IPC, .inode = 4026532281 };

	set(add(w, "sysv_shm"), "size", 4096);
	struct ipc_object *seg = add(w, "sysv_shm");
	set(seg, "size", 65536);
	set(seg, "ipcns", ours.inode);
	seg = add(w, "sysv_shm");
	set(seg, "size", 1 << 20);
	set(seg, "ipcns", theirs.inode);
	set(add(w, "posix_mq"), "messages", 7); /* no namespace: it was read where we are */

	measure_in(w, &ours);
	/* Without a namespace, read where we are: ours; theirs is not. */
	assert_known(limit(w, "shmmax")->used, 65536);
	assert_known(limit(w, "mqueue_msg_max")->used, 7);
	assert_ptr_equal(limit(w, "shmmni")->ipcns, &ours);
	assert_ptr_equal(limit(w, "mqueue_msg_max")->ipcns, &ours);
	/* The whole system's limits are no namespace's. */
	assert_null(limit(w, "pipe_user_pages_soft")->ipcns);
	assert_null(limit(w, "file_max")->ipcns);

	measure_in(w, &theirs);
	assert_known(limit(w, "shmmax")->used, 1 << 20);
	assert_known(limit(w, "mqueue_msg_max")->used, 0);
	assert_ptr_equal(limit(w, "shmmax")->ipcns, &theirs);
	struct limit_measure m = { .snap = &w->snap, .kind = seg->kind, .ipcns = &theirs };
	assert_known(limit_count(&m), 1);
	m.ipcns = &ours;
	assert_known(limit_count(&m), 2);
	m.ipcns = NULL; /* no namespace measured: every object counts */
	assert_known(limit_count(&m), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_limit_in_order_under_its_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(only_the_selected_kinds_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(sysv_use_from_the_kernel_counts_and_the_objects,
						setup, teardown),
		cmocka_unit_test_setup_teardown(kernel_sem_fields_by_position, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_use_is_null, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_sysctl_is_null_or_ipc_info, setup, teardown),
		cmocka_unit_test_setup_teardown(posix_queues_from_their_objects, setup, teardown),
		cmocka_unit_test_setup_teardown(pipe_pages_of_the_user_with_most, setup, teardown),
		cmocka_unit_test_setup_teardown(open_files_from_file_nr, setup, teardown),
		cmocka_unit_test_setup_teardown(a_namespace_counts_its_own_objects, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
