/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "container.h"
#include "util.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* A piece of the cgroup text: not NUL-terminated. */
struct span {
	const char *p;
	size_t n;
};

/* cgroup v1 has a dozen or so hierarchies, and paths are a few levels deep:
 * the lines past MAX_LINES, and a path deeper than MAX_DEPTH, are left out
 * rather than allocated for. */
#define MAX_LINES 32
#define MAX_DEPTH 64
#define ID_LEN 64  /* a container id: 64 lower-case hex digits */
#define SHORT_ID 12 /* as docker ps shows it */

static bool span_is(struct span s, const char *word)
{
	return s.n == strlen(word) && memcmp(s.p, word, s.n) == 0;
}

static bool span_starts(struct span s, const char *prefix)
{
	size_t n = strlen(prefix);
	return s.n >= n && memcmp(s.p, prefix, n) == 0;
}

static bool span_ends(struct span s, const char *suffix)
{
	size_t n = strlen(suffix);
	return s.n >= n && memcmp(s.p + s.n - n, suffix, n) == 0;
}

static bool is_id(const char *p, size_t n)
{
	if (n != ID_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return false;
	return true;
}

static char *named(const char *runtime, struct span name)
{
	return xasprintf("%s:%.*s", runtime, (int)name.n, name.p);
}

/* "docker-ID.scope" and the like: the id between a prefix and a suffix. */
static bool wrapped_id(struct span c, const char *prefix, const char *suffix, struct span *id)
{
	size_t lp = strlen(prefix), ls = strlen(suffix);

	if (!span_starts(c, prefix) || !span_ends(c, suffix) || c.n < lp + ls)
		return false;
	*id = (struct span){ c.p + lp, c.n - lp - ls };
	return is_id(id->p, id->n);
}

/* The kubelet's cgroupfs layout: /kubepods/[QOS/]podUID/ID. */
static bool under_kubepods(const struct span *c, size_t i)
{
	while (i-- > 0)
		if (span_starts(c[i], "kubepods"))
			return true;
	return false;
}

/* The container that level i of the path is, or NULL. */
static char *container_at(const struct span *c, size_t i)
{
	static const struct {
		const char *prefix, *suffix, *runtime;
	} scopes[] = {
		{ "docker-", ".scope", "docker" },
		{ "cri-containerd-", ".scope", "containerd" },
		{ "crio-", ".scope", "crio" },
		/* "libpod-conmon-ID.scope" is podman's monitor, whose "id" is no id. */
		{ "libpod-", ".scope", "podman" },
		{ "libpod-", "", "podman" }, /* the cgroupfs driver: /libpod_parent/libpod-ID */
	};
	struct span id, parent = i ? c[i - 1] : (struct span){ "", 0 };

	for (size_t s = 0; s < ARRAY_SIZE(scopes); s++)
		if (wrapped_id(c[i], scopes[s].prefix, scopes[s].suffix, &id))
			return named(scopes[s].runtime, id);
	if (is_id(c[i].p, c[i].n) && span_is(parent, "docker"))
		return named("docker", c[i]);
	if (is_id(c[i].p, c[i].n) && under_kubepods(c, i))
		return named("containerd", c[i]);
	if (span_is(parent, "lxc") || span_is(parent, "lxc.payload"))
		return named("lxc", c[i]);
	/* "lxc.monitor.NAME" is LXC's monitor, outside the container. */
	if (span_starts(c[i], "lxc.payload.") && c[i].n > strlen("lxc.payload."))
		return named("lxc", (struct span){ c[i].p + strlen("lxc.payload."),
						   c[i].n - strlen("lxc.payload.") });
	return NULL;
}

static char *container_in(const struct span *c, size_t n)
{
	for (size_t i = n; i-- > 0;) {
		char *found = container_at(c, i);
		if (found)
			return found;
	}
	return NULL;
}

/* The innermost service: "user@1000.service/app.slice/dbus.service" is dbus's. */
static char *service_in(const struct span *c, size_t n)
{
	for (size_t i = n; i-- > 0;)
		if (c[i].n > strlen(".service") && span_ends(c[i], ".service"))
			return named("systemd", c[i]);
	return NULL;
}

/* The levels of "/a/b/c", outermost first; 0 for a path too deep. */
static size_t split_path(struct span path, struct span *c)
{
	const char *p = path.p, *end = path.p + path.n;
	size_t n = 0;

	while (p < end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		const char *stop = slash ? slash : end;
		if (stop > p) {
			if (n == MAX_DEPTH)
				return 0;
			c[n++] = (struct span){ p, (size_t)(stop - p) };
		}
		p = stop + 1;
	}
	return n;
}

/* One line of /proc/PID/cgroup, "ID:CONTROLLERS:PATH". */
struct cgroup_line {
	int rank; /* 0 the v2 line, 1 v1 name=systemd, 2 another v1 hierarchy */
	struct span path;
};

/* false for a line that has not that shape. */
static bool parse_line(struct span line, struct cgroup_line *out)
{
	const char *end = line.p + line.n;
	uint64_t hierarchy;
	const char *p = parse_digits(line.p, 10, UINT32_MAX, &hierarchy);

	if (!p || p >= end || *p != ':')
		return false;
	const char *controllers = p + 1;
	const char *colon = memchr(controllers, ':', (size_t)(end - controllers));
	if (!colon || colon + 1 >= end || colon[1] != '/')
		return false;
	struct span ctl = { controllers, (size_t)(colon - controllers) };
	out->path = (struct span){ colon + 1, (size_t)(end - colon - 1) };
	/* A v2 cgroup removed under a zombie reads "PATH (deleted)". */
	if (span_ends(out->path, " (deleted)"))
		out->path.n -= strlen(" (deleted)");
	if (hierarchy == 0 && ctl.n == 0)
		out->rank = 0;
	else if (memmem(ctl.p, ctl.n, "name=systemd", strlen("name=systemd")))
		out->rank = 1;
	else
		out->rank = 2;
	return true;
}

static size_t parse_lines(const char *text, struct cgroup_line *lines)
{
	size_t n = 0;

	for (const char *p = text; *p && n < MAX_LINES;) {
		size_t len = strcspn(p, "\n");
		if (parse_line((struct span){ p, len }, &lines[n]))
			n++;
		p += len + (p[len] == '\n');
	}
	return n;
}

/* What find() names in the path of each line, best rank first. */
static char *first_found(const struct cgroup_line *lines, size_t n,
			 char *(*find)(const struct span *c, size_t n))
{
	struct span c[MAX_DEPTH];

	for (int rank = 0; rank <= 2; rank++)
		for (size_t i = 0; i < n; i++) {
			if (lines[i].rank != rank)
				continue;
			char *found = find(c, split_path(lines[i].path, c));
			if (found)
				return found;
		}
	return NULL;
}

char *container_from_cgroup(const char *text)
{
	struct cgroup_line lines[MAX_LINES];
	size_t n = parse_lines(text, lines);

	/* A container on any line first: with Docker's cgroupfs driver on a
	 * hybrid host the v1 lines say /docker/ID while the v2 line still names
	 * the service that started it (containerd.service). */
	char *found = first_found(lines, n, container_in);
	return found ? found : first_found(lines, n, service_in);
}

char *container_of_process(int procfd, int pid)
{
	char path[32], buf[8192];
	int fd;

	snprintf(path, sizeof(path), "%d/cgroup", pid);
	fd = openat(procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	/* A longer file is cut at its last whole line: a cut path would name another cgroup. */
	if ((size_t)n == sizeof(buf) - 1) {
		const char *nl = memrchr(buf, '\n', (size_t)n);
		if (!nl)
			return NULL;
		n = nl - buf + 1;
	}
	buf[n] = '\0';
	return container_from_cgroup(buf);
}

/* The id or name after "RUNTIME:", or NULL for a value without one. */
static const char *name_part(const char *container)
{
	const char *colon = strchr(container, ':');
	return colon ? colon + 1 : NULL;
}

char *container_short(const char *container)
{
	const char *id = name_part(container);

	if (id && is_id(id, strlen(id)))
		return xasprintf("%.*s%.*s", (int)(id - container), container, SHORT_ID, id);
	return xstrdup(container);
}

bool container_matches(const char *container, const char *name)
{
	const char *id = container ? name_part(container) : NULL;

	if (!id || !name[0])
		return false;
	if (strcmp(container, name) == 0)
		return true;
	/* "docker:0123" and "0123" alike: the runtime may be left out. */
	size_t runtime = (size_t)(id - container);
	const char *want = strncmp(name, container, runtime) == 0 ? name + runtime : name;
	size_t n = strlen(want);
	if (strcmp(want, id) == 0)
		return true;
	if (is_id(id, strlen(id)))
		return n >= 4 && n <= ID_LEN && strncasecmp(id, want, n) == 0;
	/* "cron" for systemd:cron.service, as systemctl takes it. */
	return strncmp(container, "systemd:", strlen("systemd:")) == 0 && strncmp(id, want, n) == 0 &&
	       strcmp(id + n, ".service") == 0;
}
