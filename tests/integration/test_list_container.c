/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Whose it is: two real processes, one "in" a Docker container and one in
 * cron.service, holding the two ends of a unix socket pair, and a pipe the
 * second alone holds.  Their /proc/PID/cgroup files are covered, in the
 * test's private mount namespace, with the text those runtimes write
 * there, so ipcscope reads them as it would on such a host.  Checked: each
 * holder's "container" (the peer's too), the CONTAINER column and when the
 * overview shows it, and what --container selects by each form of a name.
 */
#include "runner.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#define ID64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define IN_DOCKER "0::/system.slice/docker-" ID64 ".scope\n"
#define IN_CRON "0::/system.slice/cron.service\n"

struct scene {
	int sv[2];     /* the socket pair: sv[0] in the container, sv[1] in cron */
	int pipe[2];   /* held by cron's process alone */
	pid_t docker, cron;
	char pids[32]; /* "DOCKER,CRON" for --pid */
	char dir[64];  /* the cgroup texts */
	char covered[2][64]; /* /proc/PID/cgroup covered by a bind mount */
};

/* Standard input and output are ctest's pipes, which these must not hold too. */
static void leave_stdio(void)
{
	int null = open("/dev/null", O_RDWR);
	for (int fd = 0; fd < 3; fd++)
		if (null < 0 || dup2(null, fd) < 0)
			_exit(1);
	if (null > 2)
		close(null);
}

static void keep_container_end(void *arg)
{
	struct scene *s = arg;
	leave_stdio();
	close(s->sv[1]);
	close(s->pipe[0]);
	close(s->pipe[1]);
}

static void keep_service_ends(void *arg)
{
	struct scene *s = arg;
	leave_stdio();
	close(s->sv[0]);
}

/* /proc/PID/cgroup of pid reads `text` from now on. */
static void cover_cgroup(struct scene *s, int which, pid_t pid, const char *text)
{
	char file[128];

	snprintf(file, sizeof(file), "%s/%d", s->dir, pid);
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
	snprintf(s->covered[which], sizeof(s->covered[which]), "/proc/%d/cgroup", pid);
	if (mount(file, s->covered[which], NULL, MS_BIND, NULL) != 0)
		fail_msg("cannot bind %s over %s: %m", file, s->covered[which]);
}

static int setup(void **state)
{
	struct scene *s = calloc(1, sizeof(*s));

	*state = s;
	if (!private_namespaces())
		return 0; /* each case skips */
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s->sv), 0);
	assert_int_equal(pipe2(s->pipe, O_CLOEXEC), 0);
	s->docker = spawn_holder(keep_container_end, s);
	s->cron = spawn_holder(keep_service_ends, s);
	close(s->sv[0]);
	close(s->sv[1]);
	close(s->pipe[0]);
	close(s->pipe[1]);
	snprintf(s->pids, sizeof(s->pids), "%d,%d", s->docker, s->cron);
	strcpy(s->dir, "/tmp/ipcscope-cgroup.XXXXXX");
	assert_non_null(mkdtemp(s->dir));
	cover_cgroup(s, 0, s->docker, IN_DOCKER);
	cover_cgroup(s, 1, s->cron, IN_CRON);
	return 0;
}

static int teardown(void **state)
{
	struct scene *s = *state;
	char file[128];

	for (int i = 0; i < 2; i++)
		if (s->covered[i][0])
			umount2(s->covered[i], MNT_DETACH);
	if (s->docker)
		stop_holder(s->docker);
	if (s->cron)
		stop_holder(s->cron);
	if (s->dir[0]) {
		snprintf(file, sizeof(file), "%s/%d", s->dir, s->docker);
		unlink(file);
		snprintf(file, sizeof(file), "%s/%d", s->dir, s->cron);
		unlink(file);
		rmdir(s->dir);
	}
	free(s);
	return 0;
}

static const char *container_of(cJSON *holder)
{
	cJSON *c = cJSON_GetObjectItem(holder, "container");
	if (!c)
		fail_msg("a holder has no \"container\"");
	if (cJSON_IsNull(c))
		return NULL;
	if (!cJSON_IsString(c))
		fail_msg("\"container\" is neither a string nor null");
	return c->valuestring;
}

static void holders_name_their_container(void **state)
{
	need_private_namespaces();
	struct scene *s = *state;
	struct run_result r;

	run_ipcscope(&r, "list", "unix", "pipe", "--json", "--pid", s->pids, NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	cJSON *objects = cJSON_GetObjectItem(doc, "objects");

	/* The container's end, with the service's process as its peer. */
	cJSON *end = find_held(objects, "unix", s->docker, s->sv[0]);
	assert_non_null(end);
	assert_string_equal(container_of(find_holder(end, s->docker, s->sv[0])), "docker:" ID64);
	cJSON *peer = cJSON_GetObjectItem(end, "peer");
	cJSON *peer_holder = cJSON_GetArrayItem(cJSON_GetObjectItem(peer, "holders"), 0);
	assert_non_null(peer_holder);
	assert_int_equal(json_number(peer_holder, "pid"), s->cron);
	assert_string_equal(container_of(peer_holder), "systemd:cron.service");

	cJSON *pipe_obj = find_held(objects, "pipe", s->cron, s->pipe[0]);
	assert_non_null(pipe_obj);
	assert_string_equal(container_of(find_holder(pipe_obj, s->cron, s->pipe[1])),
			    "systemd:cron.service");
	cJSON_Delete(doc);
	run_result_free(&r);
}

/* Which of our three objects --container NAME lists: a bit each, 1 the container's
 * end, 2 the service's end, 4 the pipe. */
static unsigned selected(struct scene *s, const char *name)
{
	struct run_result r;
	unsigned found = 0;

	run_ipcscope(&r, "list", "unix", "pipe", "--json", "--pid", s->pids, "--container", name,
		     NULL);
	if (r.status != 0)
		fail_msg("--container %s: exit %d: %s", name, r.status, r.err);
	cJSON *doc = parse_document(r.out);
	cJSON *objects = cJSON_GetObjectItem(doc, "objects");
	found |= find_held(objects, "unix", s->docker, s->sv[0]) ? 1 : 0;
	found |= find_held(objects, "unix", s->cron, s->sv[1]) ? 2 : 0;
	found |= find_held(objects, "pipe", s->cron, s->pipe[0]) ? 4 : 0;
	/* Anything else listed they inherited from us, and we hold it too. */
	int inherited = 0;
	cJSON *o, *h;
	cJSON_ArrayForEach(o, objects) {
		bool ours = false;
		cJSON_ArrayForEach(h, cJSON_GetObjectItem(o, "holders"))
			ours |= json_number(h, "pid") == getpid();
		inherited += ours;
	}
	if (cJSON_GetArraySize(objects) != __builtin_popcount(found) + inherited)
		fail_msg("--container %s lists objects of neither process: %s", name, r.out);
	cJSON_Delete(doc);
	run_result_free(&r);
	return found;
}

static void container_selects_by_every_form_of_its_name(void **state)
{
	need_private_namespaces();
	struct scene *s = *state;
	/* The container's socket, and the service's, whose peer is in the container. */
	static const char *const docker_names[] = { "docker:" ID64, "docker:0123456789ab",
						    ID64, "0123456789ab", "0123", "docker:0123",
						    "0123456789AB" };

	for (size_t i = 0; i < sizeof(docker_names) / sizeof(docker_names[0]); i++)
		if (selected(s, docker_names[i]) != 3)
			fail_msg("--container %s: not the socket pair alone", docker_names[i]);
	/* The service holds the pipe too. */
	static const char *const cron_names[] = { "systemd:cron.service", "cron.service", "cron" };
	for (size_t i = 0; i < sizeof(cron_names) / sizeof(cron_names[0]); i++)
		if (selected(s, cron_names[i]) != 7)
			fail_msg("--container %s: not all three", cron_names[i]);
	static const char *const none[] = { "012", "1234", "podman:0123", "docker", "cro",
					    "systemd:cron.serv", "lxc:cron" };
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		if (selected(s, none[i]) != 0)
			fail_msg("--container %s selects something", none[i]);
}

/* Whether the table's first line has the heading, and the line of `id` has `cell`. */
static bool table_has(const char *out, const char *heading, const char *cell)
{
	size_t first = strcspn(out, "\n");
	char *head = strndup(out, first);
	bool has = strstr(head, heading) != NULL && (!cell || strstr(out + first, cell));
	free(head);
	return has;
}

static void the_overview_shows_container_when_one_holds(void **state)
{
	need_private_namespaces();
	struct scene *s = *state;
	struct run_result r;

	run_ipcscope(&r, "list", "--pid", s->pids, NULL);
	assert_int_equal(r.status, 0);
	if (!table_has(r.out, "CONTAINER", "docker:0123456789ab") ||
	    !strstr(r.out, "systemd:cron.service"))
		fail_msg("the overview lacks CONTAINER:\n%s", r.out);
	/* Before HOLDERS, which stays last. */
	const char *c = strstr(r.out, "CONTAINER"), *h = strstr(r.out, "HOLDERS");
	assert_true(c && h && c < h);
	run_result_free(&r);

	/* A kind's own defaults have no CONTAINER; -o asks for it. */
	run_ipcscope(&r, "list", "unix", "--pid", s->pids, NULL);
	assert_int_equal(r.status, 0);
	assert_false(table_has(r.out, "CONTAINER", NULL));
	run_result_free(&r);
	run_ipcscope(&r, "list", "unix", "--pid", s->pids, "-o", "KIND,CONTAINER", "-n", "-r", NULL);
	assert_int_equal(r.status, 0);
	assert_non_null(strstr(r.out, "unix docker:0123456789ab\n"));
	assert_non_null(strstr(r.out, "unix systemd:cron.service\n"));
	run_result_free(&r);

	/* No holder in one: no column of dashes. */
	run_ipcscope(&r, "list", "--pid", s->pids, "--container", "lxc:nowhere", NULL);
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.out, "CONTAINER"));
	run_result_free(&r);
}

static void bad_values_are_usage_errors(void **state)
{
	(void)state;
	expect_usage_error("--container", "list", "--container", "", NULL);
	expect_usage_error("self", "list", "--ns", "all", NULL);
	expect_usage_error("--netns", "watch", "--netns", "0", NULL);
	expect_usage_error("--ipcns", "summary", "--ipcns", "ipc:[x]", NULL);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(holders_name_their_container),
		cmocka_unit_test(container_selects_by_every_form_of_its_name),
		cmocka_unit_test(the_overview_shows_container_when_one_holds),
		cmocka_unit_test(bad_values_are_usage_errors),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]), setup,
				     teardown);
}
