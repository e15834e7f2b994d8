/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Deadlocks among file locks: lock objects made here as the lock collector
 * makes them (a lock with its holders, a blocked request with the process
 * waiting and the ID of the lock it waits for), and the cycles found in
 * them, or not.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ipc_object.h"
#include "kinds.h"
#include "lock.h"
#include "lock_graph.h"
#include "procindex.h"
#include "selection.h"
#include "snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct proc_info a = { .pid = 100, .command = "a", .user = "root" };
static struct proc_info b = { .pid = 200, .command = "b", .user = "root" };
static struct proc_info c = { .pid = 300, .command = "c", .user = "root" };

/* The objects of one /proc/locks, in its order. */
struct locks {
	struct ipc_object *v[16];
	size_t n;
	struct lock_cycle *cycles;
	size_t ncycles;
};

static const struct kind *lock_kind(void)
{
	return kind_at((size_t)kind_find("lock"));
}

static const struct attr_def *attr(const char *json)
{
	const struct kind *k = lock_kind();

	for (size_t i = 0; i < k->nattrs; i++)
		if (strcmp(k->attrs[i]->json, json) == 0)
			return k->attrs[i];
	fail_msg("the lock kind has no %s", json);
	return NULL;
}

/*
 * A line of /proc/locks: `id` is "7" for a lock, "7->1" for a request under
 * it; the pid is there for flock and POSIX, not for OFD locks.
 */
static struct ipc_object *line(struct locks *l, const char *id, const char *type,
			       const struct proc_info *p, int fd, const char *blocked_by)
{
	struct ipc_object *obj = ipc_object_new(lock_kind());

	assert_true(l->n < sizeof(l->v) / sizeof(l->v[0]));
	obj->id = strdup(id);
	ipc_object_set_str(obj, attr("type"), type);
	ipc_object_set_str(obj, attr("lock_mode"), "write");
	ipc_object_set_uint(obj, attr("start"), 0);
	if (strcmp(type, "ofd") != 0)
		ipc_object_set_int(obj, attr("pid"), p->pid);
	ipc_object_set_bool(obj, attr("blocked"), blocked_by != NULL);
	if (blocked_by)
		ipc_object_set_str(obj, attr("blocked_by"), blocked_by);
	ipc_object_add_holder(obj, p, fd, ACCESS_READ | ACCESS_WRITE, VIA_FD);
	l->v[l->n++] = obj;
	return obj;
}

static struct ipc_object *held(struct locks *l, const char *id, const char *type,
			       const struct proc_info *p, int fd)
{
	return line(l, id, type, p, fd, NULL);
}

static struct ipc_object *waiting(struct locks *l, const char *id, const char *type,
				  const struct proc_info *p, int fd, const char *lock_id)
{
	return line(l, id, type, p, fd, lock_id);
}

static size_t find(struct locks *l)
{
	l->ncycles = lock_find_cycles(l->v, l->n, &l->cycles);
	return l->ncycles;
}

static void locks_free(struct locks *l)
{
	lock_cycles_free(l->cycles, l->ncycles);
	for (size_t i = 0; i < l->n; i++)
		ipc_object_free(l->v[i]);
}

static void expect_step(const struct lock_cycle *cycle, size_t i, const struct proc_info *p,
			const struct ipc_object *request, const struct ipc_object *lock)
{
	assert_true(i < cycle->n);
	assert_ptr_equal(cycle->steps[i].proc, p);
	assert_ptr_equal(cycle->steps[i].request, request);
	assert_ptr_equal(cycle->steps[i].lock, lock);
}

/*
 * A ring: procs[i] holds lock i + 1 and waits for the lock of the next one
 * round.  /proc/locks lists each lock with the request under it.  One
 * cycle, whatever the order, reported once and from the lowest pid.
 */
static void expect_ring(const struct proc_info *const *procs, size_t n, const char *type)
{
	struct locks l = { 0 };
	struct ipc_object *lock[4], *req[4];
	char id[48];
	size_t lowest = 0;

	assert_true(n <= 4);
	for (size_t i = 0; i < n; i++) {
		size_t waiter = (i + n - 1) % n;
		snprintf(id, sizeof(id), "%zu", i + 1);
		lock[i] = held(&l, id, type, procs[i], 5);
		snprintf(id, sizeof(id), "%zu->1", i + 1);
		req[waiter] = waiting(&l, id, type, procs[waiter], 6, lock[i]->id);
		if (procs[i]->pid < procs[lowest]->pid)
			lowest = i;
	}
	assert_int_equal(find(&l), 1);
	assert_int_equal(l.cycles[0].n, n);
	for (size_t step = 0; step < n; step++) {
		size_t i = (lowest + step) % n;
		expect_step(&l.cycles[0], step, procs[i], req[i], lock[(i + 1) % n]);
	}
	locks_free(&l);
}

/* Each holds one file and waits for the other's. */
static void two_processes_wait_for_each_other(void **state)
{
	(void)state;
	const struct proc_info *procs[] = { &b, &a };
	expect_ring(procs, 2, "flock");
}

/* c waits for b, b for a, a for c. */
static void three_processes_in_a_ring(void **state)
{
	(void)state;
	const struct proc_info *procs[] = { &c, &b, &a };
	expect_ring(procs, 3, "ofd");
}

/* Two open file descriptions of one file in one process: the second waits for the first's lock. */
static void one_process_through_two_descriptions(void **state)
{
	(void)state;
	struct locks l = { 0 };
	struct ipc_object *lock = held(&l, "1", "ofd", &a, 3);
	struct ipc_object *req = waiting(&l, "1->1", "ofd", &a, 4, "1");

	assert_int_equal(find(&l), 1);
	assert_int_equal(l.cycles[0].n, 1);
	expect_step(&l.cycles[0], 0, &a, req, lock);
	locks_free(&l);
}

/* a waits for b, b for c, and c for nothing: c can go on, and then all of them. */
static void a_chain_is_no_cycle(void **state)
{
	(void)state;
	struct locks l = { 0 };
	held(&l, "1", "flock", &b, 3);
	waiting(&l, "1->1", "flock", &a, 4, "1");
	held(&l, "2", "flock", &c, 3);
	waiting(&l, "2->1", "flock", &b, 4, "2");
	held(&l, "3", "flock", &a, 3);

	assert_int_equal(find(&l), 0);
	locks_free(&l);
}

/*
 * A lock never makes its own owner wait: a flock or OFD request through the
 * description that holds the lock, or a POSIX request of the process that
 * holds the POSIX lock.  Such a line is no deadlock of one.
 */
static void own_lock_is_no_wait(void **state)
{
	(void)state;
	static const char *const by_description[] = { "flock", "ofd" };

	for (size_t i = 0; i < 2; i++) {
		struct locks l = { 0 };
		held(&l, "1", by_description[i], &a, 3);
		waiting(&l, "1->1", by_description[i], &a, 3, "1");
		if (find(&l) != 0)
			fail_msg("%s: a cycle through its own description", by_description[i]);
		locks_free(&l);
	}

	struct locks l = { 0 };
	held(&l, "1", "posix", &a, 3);
	waiting(&l, "1->1", "posix", &a, 5, "1");
	assert_int_equal(find(&l), 0);
	locks_free(&l);
}

/*
 * POSIX and OFD locks meet in one list but have different owners: one
 * process's POSIX lock and OFD lock wait for each other, even through one
 * descriptor.
 */
static void posix_and_ofd_locks_of_one_process_wait(void **state)
{
	(void)state;
	static const char *const kinds[][2] = { { "posix", "ofd" }, { "ofd", "posix" } };

	for (size_t i = 0; i < 2; i++) {
		struct locks l = { 0 };
		struct ipc_object *lock = held(&l, "1", kinds[i][0], &a, 3);
		struct ipc_object *req = waiting(&l, "1->1", kinds[i][1], &a, 3, "1");
		if (find(&l) != 1)
			fail_msg("%s request on a %s lock: %zu cycles", kinds[i][1], kinds[i][0],
				 l.ncycles);
		expect_step(&l.cycles[0], 0, &a, req, lock);
		locks_free(&l);
	}
}

/* A snapshot of the two-process deadlock, a pipe among its objects, and the lock kind's state. */
struct fake_snapshot {
	struct snapshot snap;
	struct selection sel;
	struct locks l;
};

static void fake_snapshot(struct fake_snapshot *f, const char *kinds)
{
	memset(f, 0, sizeof(*f));
	assert_int_equal(selection_add_kinds(&f->sel, kinds), 0);
	/* An object of another kind with a lock's ID, before it: no lock to wait for. */
	struct ipc_object *pipe = ipc_object_new(kind_at((size_t)kind_find("pipe")));
	pipe->id = strdup("2");
	f->l.v[f->l.n++] = pipe;
	held(&f->l, "1", "flock", &b, 3);
	waiting(&f->l, "1->1", "flock", &a, 4, "1");
	held(&f->l, "2", "flock", &a, 3);
	waiting(&f->l, "2->1", "flock", &b, 4, "2");
	f->snap.sel = &f->sel;
	f->snap.objects = f->l.v;
	f->snap.nobjects = f->l.n;
	f->snap.kind_failed = calloc(kinds_count(), sizeof(*f->snap.kind_failed));
	assert_non_null(f->snap.kind_failed);
}

static void fake_snapshot_free(struct fake_snapshot *f)
{
	free(f->snap.kind_failed);
	selection_free(&f->sel);
	locks_free(&f->l);
}

/* The lock kind's answer: the cycles among its own objects; none when it could not look. */
static void deadlocks_of_a_snapshot(void **state)
{
	(void)state;
	struct fake_snapshot f;
	struct lock_cycle *cycles;
	size_t n;

	fake_snapshot(&f, "lock,pipe");
	assert_int_equal(lock_deadlocks(&f.snap, &cycles, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(cycles[0].n, 2);
	for (size_t i = 0; i < cycles[0].n; i++)
		assert_ptr_equal(cycles[0].steps[i].lock->kind, lock_kind());
	lock_cycles_free(cycles, n);

	/* /proc/locks unreadable: no answer, rather than "no deadlock". */
	f.snap.kind_failed[kind_find("lock")] = true;
	assert_int_equal(lock_deadlocks(&f.snap, &cycles, &n), -1);
	assert_int_equal(n, 0);
	assert_null(cycles);
	fake_snapshot_free(&f);

	/* Locks not collected at all: no answer either. */
	fake_snapshot(&f, "pipe");
	assert_int_equal(lock_deadlocks(&f.snap, &cycles, &n), -1);
	assert_int_equal(n, 0);
	fake_snapshot_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_processes_wait_for_each_other),
		cmocka_unit_test(three_processes_in_a_ring),
		cmocka_unit_test(one_process_through_two_descriptions),
		cmocka_unit_test(a_chain_is_no_cycle),
		cmocka_unit_test(own_lock_is_no_wait),
		cmocka_unit_test(posix_and_ofd_locks_of_one_process_wait),
		cmocka_unit_test(deadlocks_of_a_snapshot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
