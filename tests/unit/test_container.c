/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container or service a process runs in, from /proc/PID/cgroup text of
 * Docker, containerd, podman, LXC and systemd hosts (tests/fixtures/cgroup),
 * its short form, and what --container NAME matches.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "container.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *fixtures;

#define DOCKER_V1 "3f4e8b6c9a1d2e7f0b5c8a9d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f"
#define DOCKER_V2 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define K8S_V2 "9c2e7d41b58a3f06e1d4c7b2a5f8e3d6c9b0a1f4e7d2c5b8a3f6e9d0c1b4a7f2"
#define K8S_V1 "5b8e1a4d7c0f3e6b9a2d5c8f1e4b7a0d3c6f9e2b5a8d1c4f7e0b3a6d9c2f5e8b"
#define PODMAN "a7d3e9f1c5b2086e4d9a1f3c7b5e2d8a6c4f0e9b3d7a1c5e8f2b6d0a4c9e3f71"
#define PODMAN_USER "e4c8a2f6d0b4e8c2a6f0d4b8e2c6a0f4d8b2e6c0a4f8d2b6e0c4a8f2d6b0e4c8"

/* Each fixture and what it names; NULL for none. */
static const struct {
	const char *file, *want;
} cases[] = {
	/* The v2 line names containerd.service; the v1 lines the container. */
	{ "docker-cgroupfs-v1.txt", "docker:" DOCKER_V1 },
	{ "docker-systemd-v1.txt", "docker:" DOCKER_V2 },
	{ "docker-systemd-v2.txt", "docker:" DOCKER_V2 },
	{ "docker-deleted-v2.txt", "docker:" DOCKER_V2 },
	{ "containerd-k8s-systemd-v2.txt", "containerd:" K8S_V2 },
	{ "containerd-k8s-cgroupfs-v1.txt", "containerd:" K8S_V1 },
	{ "podman-rootful-v2.txt", "podman:" PODMAN },
	{ "podman-rootless-v2.txt", "podman:" PODMAN_USER },
	{ "podman-cgroupfs-v1.txt", "podman:" PODMAN },
	{ "podman-conmon-v2.txt", NULL },
	/* A service inside a container is the container's. */
	{ "lxc-payload-v2.txt", "lxc:web1" },
	{ "lxc-payload-dir-v1.txt", "lxc:build-42" },
	{ "lxc-v1.txt", "lxc:db" },
	{ "lxc-monitor-v2.txt", NULL },
	{ "systemd-service-v2.txt", "systemd:cron.service" },
	{ "systemd-service-v1.txt", "systemd:postgresql@15-main.service" },
	{ "systemd-template-v2.txt", "systemd:getty@tty1.service" },
	/* A user's service manager and its units; a login session is none. */
	{ "user-manager-v2.txt", "systemd:user@1000.service" },
	{ "user-unit-v2.txt", "systemd:pipewire.service" },
	{ "user-app-scope-v2.txt", "systemd:user@1000.service" },
	{ "user-session-v2.txt", NULL },
	{ "host-init-v2.txt", NULL },
	/* 4:memory:/process_api/<32 hex>: a shape no runtime makes. */
	{ "host-hybrid-process-api.txt", NULL },
	{ "garbled.txt", NULL },
};

static char *read_fixture(const char *name)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/cgroup/%s", fixtures, name);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	char *text = calloc(1, 65536);
	assert_non_null(text);
	size_t n = fread(text, 1, 65535, f);
	fclose(f);
	assert_true(n > 0);
	return text;
}

static void each_fixture_names_its_container(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = read_fixture(cases[i].file);
		char *got = container_from_cgroup(text);
		if (!cases[i].want && got)
			fail_msg("%s: got %s, want none", cases[i].file, got);
		if (cases[i].want && (!got || strcmp(got, cases[i].want) != 0))
			fail_msg("%s: got %s, want %s", cases[i].file, got ? got : "none",
				 cases[i].want);
		free(got);
		free(text);
	}
}

/* What a line or path alone names, for the rules the fixtures do not show. */
static void expect(const char *text, const char *want)
{
	char *got = container_from_cgroup(text);
	if (want ? !got || strcmp(got, want) != 0 : got != NULL)
		fail_msg("'%s': got %s, want %s", text, got ? got : "none", want ? want : "none");
	free(got);
}

static void rules_between_lines_and_levels(void **state)
{
	(void)state;
	expect("", NULL);
	expect("0::/", NULL);
	/* The innermost container, then the innermost service. */
	expect("0::/lxc.payload.outer/docker/" DOCKER_V2 "/init.scope", "docker:" DOCKER_V2);
	expect("0::/system.slice/a.service/b.service", "systemd:b.service");
	/* The v2 line beats name=systemd, which beats the other controllers. */
	expect("3:memory:/system.slice/m.service\n1:name=systemd:/system.slice/s.service\n"
	       "0::/system.slice/v2.service\n",
	       "systemd:v2.service");
	expect("3:memory:/system.slice/m.service\n1:name=systemd:/system.slice/s.service\n",
	       "systemd:s.service");
	expect("3:memory:/system.slice/m.service\n2:pids:/\n", "systemd:m.service");
	/* A cgroup may have ':' in its name: the path is all after the second. */
	expect("0::/lxc/a:b\n", "lxc:a:b");
	/* An LXC container named like an id is still LXC's. */
	expect("0::/lxc/" DOCKER_V2, "lxc:" DOCKER_V2);
	/* A bare id outside /docker and /kubepods is nobody's (GitHub's /actions_job/ID). */
	expect("0::/actions_job/" DOCKER_V2, NULL);
	expect("0::/kubepods/besteffort/pod1/" K8S_V1 "\n", "containerd:" K8S_V1);
	expect("0::/system.slice/crio-" K8S_V2 ".scope", "crio:" K8S_V2);
	expect("0::/docker/" DOCKER_V2 "\r\n", NULL);
}

static void short_forms(void **state)
{
	(void)state;
	static const struct {
		const char *full, *shortened;
	} forms[] = {
		{ "docker:" DOCKER_V2, "docker:0123456789ab" },
		{ "containerd:" K8S_V2, "containerd:9c2e7d41b58a" },
		{ "podman:" PODMAN, "podman:a7d3e9f1c5b2" },
		{ "lxc:web1", "lxc:web1" },
		{ "systemd:cron.service", "systemd:cron.service" },
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		char *s = container_short(forms[i].full);
		assert_string_equal(s, forms[i].shortened);
		free(s);
	}
}

static void matcher(void **state)
{
	(void)state;
	const char *docker = "docker:" DOCKER_V2;

	assert_true(container_matches(docker, docker));
	assert_true(container_matches(docker, "docker:0123456789ab"));
	assert_true(container_matches(docker, "0123456789ab"));
	assert_true(container_matches(docker, DOCKER_V2));
	assert_true(container_matches(docker, "0123"));
	assert_true(container_matches(docker, "docker:0123"));
	assert_true(container_matches(docker, "0123456789AB"));
	assert_false(container_matches(docker, "012"));
	assert_false(container_matches(docker, "docker:012"));
	assert_false(container_matches(docker, "podman:0123456789ab"));
	assert_false(container_matches(docker, "1234"));
	assert_false(container_matches(docker, "docker"));
	assert_false(container_matches(docker, DOCKER_V2 "0"));
	assert_false(container_matches(docker, ""));
	assert_false(container_matches(NULL, "0123"));

	assert_true(container_matches("systemd:cron.service", "systemd:cron.service"));
	assert_true(container_matches("systemd:cron.service", "cron.service"));
	assert_true(container_matches("systemd:cron.service", "cron"));
	assert_true(container_matches("systemd:cron.service", "systemd:cron"));
	assert_false(container_matches("systemd:cron.service", "cro"));
	assert_false(container_matches("systemd:cron.service", "cron.serv"));
	assert_false(container_matches("systemd:cron.service", "anacron"));

	assert_true(container_matches("lxc:web1", "web1"));
	assert_true(container_matches("lxc:web1", "lxc:web1"));
	/* Names are not ids: no prefixes. */
	assert_false(container_matches("lxc:web1", "web"));
	assert_false(container_matches("lxc:webserver", "webs"));
}

/* A /proc of our own making, with one process whose cgroup file is `text`. */
static int fake_proc(char *dir, const char *text)
{
	char path[4096];

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/4242", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/4242/cgroup", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	return fd;
}

static void remove_fake_proc(const char *dir, int fd)
{
	char path[4096];

	close(fd);
	snprintf(path, sizeof(path), "%s/4242/cgroup", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/4242", dir);
	rmdir(path);
	rmdir(dir);
}

static void reads_the_process_file(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_container.XXXXXX";
	int fd = fake_proc(dir, "0::/system.slice/docker-" DOCKER_V2 ".scope\n");
	char *got = container_of_process(fd, 4242);

	assert_non_null(got);
	assert_string_equal(got, "docker:" DOCKER_V2);
	free(got);
	assert_null(container_of_process(fd, 4243));
	remove_fake_proc(dir, fd);
}

/*
 * A file longer than one read: the line the read cuts is left out, since
 * "/system.slice/a.service/b.service" cut after "a.service" would name a.
 */
static void a_cut_line_names_nothing(void **state)
{
	(void)state;
	const char *last = "9:memory:/system.slice/a.service/b.service\n";
	size_t cut = strlen("9:memory:/system.slice/a.service"), read_size = 8191;
	char *text = calloc(1, 16384);
	assert_non_null(text);
	/* Eight v1 lines with no container before it, so that the read ends at `cut`. */
	size_t before = read_size - cut;
	for (int i = 0; i < 8; i++) {
		size_t at = strlen(text), len = i < 7 ? before / 8 : before - at;
		int head = sprintf(text + at, "%d:c%d:/", i + 1, i);
		memset(text + at + head, 'x', len - (size_t)head - 1);
		strcat(text, "\n");
	}
	assert_int_equal(strlen(text), read_size - cut);
	strcat(text, last);
	/* Read whole, it names b; cut, it names nothing rather than a. */
	expect(text, "systemd:b.service");

	char dir[] = "/tmp/test_container.XXXXXX";
	int fd = fake_proc(dir, text);
	assert_null(container_of_process(fd, 4242));
	remove_fake_proc(dir, fd);
	free(text);
}

/* The real file of this process: read the same way as text, when there is one. */
static void own_process(void **state)
{
	(void)state;
	int procfd = open("/proc", O_RDONLY | O_DIRECTORY);
	assert_true(procfd >= 0);
	char *got = container_of_process(procfd, getpid());
	FILE *f = fopen("/proc/self/cgroup", "r");
	char text[8192] = "";
	if (f) {
		size_t n = fread(text, 1, sizeof(text) - 1, f);
		text[n] = '\0';
		fclose(f);
	}
	char *want = container_from_cgroup(text);
	if (want ? !got || strcmp(got, want) != 0 : got != NULL)
		fail_msg("own process: got %s, want %s", got ? got : "none", want ? want : "none");
	free(got);
	free(want);
	close(procfd);
}

int main(int argc, char **argv)
{
	fixtures = argc > 1 ? argv[1] : "tests/fixtures";
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(each_fixture_names_its_container),
		cmocka_unit_test(rules_between_lines_and_levels),
		cmocka_unit_test(short_forms),
		cmocka_unit_test(matcher),
		cmocka_unit_test(reads_the_process_file),
		cmocka_unit_test(a_cut_line_names_nothing),
		cmocka_unit_test(own_process),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
