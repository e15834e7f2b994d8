/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What ipcscope judges per IPC namespace, on the scene of ns_scene.h: the
 * counts and limits of summary, each namespace's own; and stale and clean,
 * which judge a namespace's segments by its own attachments and remove
 * them from inside it, never a segment of the same id elsewhere.
 */
#include "ns_json.h"
#include "ns_scene.h"
#include "runner.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/wait.h>
#include <unistd.h>

static const struct ns_child *child_a = &ns_children[0], *child_b = &ns_children[1];

static char *inode_text(uint64_t inode)
{
	static char text[2][24];
	static int next;

	next = !next;
	snprintf(text[next], sizeof(text[next]), "%llu", (unsigned long long)inode);
	return text[next];
}

/* The first number in a /proc/sys file of our own IPC namespace. */
static double sysctl_value(const char *path)
{
	double v = NAN;
	FILE *f = fopen(path, "r");

	assert_non_null(f);
	assert_int_equal(fscanf(f, "%lf", &v), 1);
	fclose(f);
	return v;
}

/*
 * SHAPE ASSUMED, to adjust to the merged summary: its "limits" array stays
 * one array, each entry of a per-IPC-namespace limit labelled with "ipcns"
 * (the namespace's inode), a machine-wide one (file_max, pipe_user_pages_*)
 * with "ipcns": null.  namespace_limit() and prometheus_sample() are the
 * only places that know it.
 */
static cJSON *namespace_limit(cJSON *doc, const char *name, uint64_t ipcns)
{
	cJSON *e;

	cJSON_ArrayForEach(e, cJSON_GetObjectItem(doc, "limits"))
	{
		cJSON *n = cJSON_GetObjectItem(e, "name");
		if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0 && ns_of(e, "ipcns") == ipcns)
			return e;
	}
	fail_msg("summary has no limit %s labelled \"ipcns\": %llu", name, (unsigned long long)ipcns);
	return NULL;
}

/* The value of the Prometheus sample of `metric` labelled limit="NAME" and ipcns="INODE"; NAN if none. */
static double prometheus_sample(const char *text, const char *metric, const char *name, uint64_t ipcns)
{
	char limit_label[64], ns_label[48], head[64];
	const char *line = text;

	snprintf(limit_label, sizeof(limit_label), "limit=\"%s\"", name);
	snprintf(ns_label, sizeof(ns_label), "ipcns=\"%llu\"", (unsigned long long)ipcns);
	snprintf(head, sizeof(head), "%s{", metric);
	for (; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		size_t len = strcspn(line, "\n");
		char *copy = strndup(line, len);
		char *value = strrchr(copy, ' ');
		double v = NAN;
		if (strncmp(copy, head, strlen(head)) == 0 && strstr(copy, limit_label) &&
		    strstr(copy, ns_label) && value)
			v = strtod(value + 1, NULL);
		free(copy);
		if (!isnan(v))
			return v;
	}
	return NAN;
}

static void expect_limit(cJSON *doc, const char *name, const struct ns_child *c, double limit)
{
	cJSON *e = namespace_limit(doc, name, c->ipcns);
	if (json_number(e, "used") != 1 || json_number(e, "limit") != limit)
		fail_msg("%s of IPC namespace %llu: %.0f of %.0f used, expected 1 of %.0f", name,
			 (unsigned long long)c->ipcns, json_number(e, "used"), json_number(e, "limit"), limit);
}

static void expect_sample(const char *text, const char *metric, const char *name,
			  const struct ns_child *c, double want)
{
	double v = prometheus_sample(text, metric, name, c->ipcns);
	if (v != want)
		fail_msg("%s{limit=\"%s\",ipcns=\"%llu\"} is %g, expected %g", metric, name,
			 (unsigned long long)c->ipcns, v, want);
}

/* One segment, one SysV queue and one POSIX queue in each child's namespace, under its own limits. */
static void summary_counts_each_ipc_namespace(void **state)
{
	(void)state;
	struct run_result r;
	uint64_t own = ns_inode(getpid(), "ipc");

	need_scene();
	run_ipcscope(&r, "summary", "--json", NULL);
	if (r.status != 0)
		fail_msg("summary exited %d: %s", r.status, r.err);
	cJSON *doc = cJSON_Parse(r.out);
	if (!doc)
		fail_msg("not JSON: %.200s", r.out);
	run_result_free(&r);
	for (int i = 0; i < NS_CHILDREN; i++) {
		const struct ns_child *c = &ns_children[i];
		expect_limit(doc, "shmmni", c, (double)c->shmmni);
		expect_limit(doc, "msgmni", c, (double)c->msgmni);
		expect_limit(doc, "mqueue_queues_max", c, (double)c->queues_max);
	}
	/* Ours counts what our namespace holds, none of the children's. */
	cJSON *shmmni = namespace_limit(doc, "shmmni", own);
	assert_true(json_number(shmmni, "used") == (double)sysvipc_rows("shm"));
	assert_true(json_number(shmmni, "limit") == sysctl_value("/proc/sys/kernel/shmmni"));
	cJSON *queues = cJSON_GetObjectItem(namespace_limit(doc, "mqueue_queues_max", own), "used");
	if (!cJSON_IsNull(queues) && !(cJSON_IsNumber(queues) && queues->valuedouble == 0))
		fail_msg("our IPC namespace has no POSIX queue, but its count is not 0");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(namespace_limit(doc, "file_max", 0), "ipcns")));
	cJSON_Delete(doc);

	run_ipcscope(&r, "summary", "--format", "prometheus", NULL);
	assert_int_equal(r.status, 0);
	for (int i = 0; i < NS_CHILDREN; i++) {
		const struct ns_child *c = &ns_children[i];
		expect_sample(r.out, "ipcscope_limit", "shmmni", c, (double)c->shmmni);
		expect_sample(r.out, "ipcscope_limit_used", "shmmni", c, 1);
		expect_sample(r.out, "ipcscope_limit", "mqueue_queues_max", c, (double)c->queues_max);
	}
	run_result_free(&r);

	/* The table names each namespace it counts. */
	run_ipcscope(&r, "summary", NULL);
	assert_int_equal(r.status, 0);
	for (int i = 0; i < NS_CHILDREN; i++)
		if (!strstr(r.out, inode_text(ns_children[i].ipcns)))
			fail_msg("the summary table does not name IPC namespace %s:\n%s",
				 inode_text(ns_children[i].ipcns), r.out);
	run_result_free(&r);
}

/* In the IPC namespace of `target`, a segment made by a process that has exited; its id. */
static int orphaned_segment_in(pid_t target)
{
	int p[2], id = -1, status;

	assert_int_equal(pipe(p), 0);
	pid_t pid = fork_into_ipcns(target);
	if (pid == 0) {
		id = shmget(IPC_PRIVATE, 5 * 4096, IPC_CREAT | 0600);
		_exit(id >= 0 && write(p[1], &id, sizeof(id)) == sizeof(id) ? 0 : 1);
	}
	close(p[1]);
	ssize_t n = read(p[0], &id, sizeof(id));
	close(p[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (n != sizeof(id) || status != 0)
		fail_msg("no segment could be made in the IPC namespace of %d", (int)target);
	return id;
}

/* In the IPC namespace of `target`, a segment that a running process attaches: that process. */
static pid_t attached_segment_in(pid_t target, int *id)
{
	int p[2];

	assert_int_equal(pipe(p), 0);
	pid_t pid = fork_into_ipcns(target);
	if (pid == 0) {
		*id = shmget(IPC_PRIVATE, 6 * 4096, IPC_CREAT | 0600);
		if (*id < 0 || shmat(*id, NULL, 0) == (void *)-1 || write(p[1], id, sizeof(*id)) != sizeof(*id))
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	ssize_t n = read(p[0], id, sizeof(*id));
	close(p[0]);
	if (n != sizeof(*id))
		fail_msg("no segment could be attached in the IPC namespace of %d", (int)target);
	return pid;
}

static void remove_segment_in(pid_t target, int id)
{
	pid_t pid = fork_into_ipcns(target);
	if (pid == 0)
		_exit(shmctl(id, IPC_RMID, NULL) == 0 ? 0 : 1);
	waitpid(pid, NULL, 0);
}

/* The one entry of clean's "results", whose object must be segment `id` of namespace `ipcns`. */
static cJSON *only_result(cJSON *doc, int id, uint64_t ipcns)
{
	cJSON *results = cJSON_GetObjectItem(doc, "results");
	if (cJSON_GetArraySize(results) != 1)
		fail_msg("clean planned %d objects, expected segment %d of namespace %llu alone",
			 cJSON_GetArraySize(results), id, (unsigned long long)ipcns);
	cJSON *object = cJSON_GetObjectItem(cJSON_GetArrayItem(results, 0), "object");
	expect_ns(object, "ipcns", ipcns);
	assert_int_equal(json_number(object, "shmid"), id);
	return cJSON_GetArrayItem(results, 0);
}

static cJSON *clean_json(const char *mode, const char *ipcns)
{
	struct run_result r;

	run_ipcscope(&r, "clean", mode, "--json", "--kind", "sysv_shm", "--ipcns", ipcns, NULL);
	if (r.status != 0)
		fail_msg("clean %s exited %d: %s", mode, r.status, r.err);
	cJSON *doc = cJSON_Parse(r.out);
	if (!doc)
		fail_msg("not JSON: %.200s", r.out);
	run_result_free(&r);
	return doc;
}

/* stale lists the orphan of A, with A's namespace; B's segment of the same id is in use. */
static void expect_stale(int id)
{
	char want[48];
	struct match orphan = { .kind = "sysv_shm", .ns_key = "ipcns", .ns = child_a->ipcns,
				.number_key = "shmid", .number = id };
	struct match in_b = { .kind = "sysv_shm", .ns_key = "ipcns", .ns = child_b->ipcns };
	struct match scene_a = { .kind = "sysv_shm", .ns_key = "ipcns", .ns = child_a->ipcns,
				 .number_key = "shmid", .number = child_a->shmid };

	cJSON *doc = object_document("stale", "--kind", "sysv_shm", NULL);
	cJSON *o = the_one(doc, &orphan);
	snprintf(want, sizeof(want), "%d@%llu", id, (unsigned long long)child_a->ipcns);
	assert_string_equal(str(o, "id"), want);
	assert_true(cJSON_IsObject(cJSON_GetObjectItem(o, "stale")));
	if (matching(doc, &in_b, NULL) || matching(doc, &scene_a, NULL))
		fail_msg("stale lists an attached segment");
	cJSON_Delete(doc);

	/* Judged in B, where it is in use: nothing stale. */
	doc = object_document("stale", "--kind=sysv_shm", "--ipcns", inode_text(child_b->ipcns));
	if (cJSON_GetArraySize(cJSON_GetObjectItem(doc, "objects")) != 0)
		fail_msg("stale --ipcns B lists a segment");
	cJSON_Delete(doc);
}

/*
 * A's orphan and B's attached segment have the same id.  clean --ipcns A
 * removes the orphan, from inside A, and leaves B's untouched (not even
 * marked for removal).  A plan that reaches beyond A is never carried out:
 * a clean that ignored --ipcns would remove stale segments of every
 * namespace on the machine.
 */
static void clean_removes_inside_its_namespace(void **state)
{
	(void)state;
	int b_id;

	need_scene();
	pid_t b_holder = attached_segment_in(child_b->pid, &b_id);
	int a_id = orphaned_segment_in(child_a->pid);
	if (a_id != b_id)
		fail_msg("the ids were to collide: %d in A, %d in B", a_id, b_id);
	expect_stale(a_id);

	cJSON *plan = clean_json("--dry-run", inode_text(child_a->ipcns));
	assert_string_equal(str(only_result(plan, a_id, child_a->ipcns), "action"), "would_remove");
	cJSON_Delete(plan);
	cJSON *done = clean_json("--yes", inode_text(child_a->ipcns));
	assert_string_equal(str(only_result(done, a_id, child_a->ipcns), "action"), "removed");
	cJSON_Delete(done);

	assert_int_equal(segment_in(child_a->pid, a_id), SEGMENT_GONE);
	assert_int_equal(segment_in(child_b->pid, b_id), SEGMENT_PRESENT);
	assert_int_equal(segment_in(child_a->pid, child_a->shmid), SEGMENT_PRESENT);
	assert_int_equal(segment_in(child_b->pid, child_b->shmid), SEGMENT_PRESENT);
	stop_holder(b_holder);
	remove_segment_in(child_b->pid, b_id);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(summary_counts_each_ipc_namespace),
		cmocka_unit_test(clean_removes_inside_its_namespace),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     ns_scene_setup, ns_scene_teardown);
}
