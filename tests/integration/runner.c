/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "runner.h"
#include "json_schema.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <dirent.h>
#include <sys/resource.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *ipcscope_bin;

/* The exit status ctest reads as "skipped" (SKIP_RETURN_CODE in tests/CMakeLists.txt). */
#define EXIT_SKIPPED 77

static bool running_cases;
static unsigned skipped_cases;

/* While /tmp is the test's own: the binary, opened before, and its path through us. */
static int own_tmp_bin = -1;
static char own_tmp_bin_path[32];

struct buffer {
	char *data;
	size_t len;
};

static void append(struct buffer *b, const char *data, size_t n)
{
	b->data = realloc(b->data, b->len + n + 1);
	assert_non_null(b->data);
	memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void run_command(char *const argv[], struct run_result *r)
{
	int out[2], err[2];
	struct buffer bo = { 0 }, be = { 0 };

	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	assert_int_equal(pipe2(err, O_CLOEXEC), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		dup2(err[1], STDERR_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(out[1]);
	close(err[1]);

	struct pollfd fds[2] = { { .fd = out[0], .events = POLLIN }, { .fd = err[0], .events = POLLIN } };
	int open_fds = 2;
	while (open_fds) {
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			fail_msg("poll: %s", strerror(errno));
		for (int i = 0; i < 2; i++) {
			if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP)))
				continue;
			char buf[65536];
			ssize_t n = read(fds[i].fd, buf, sizeof(buf));
			if (n > 0) {
				append(i ? &be : &bo, buf, (size_t)n);
			} else {
				close(fds[i].fd);
				fds[i].fd = -1;
				open_fds--;
			}
		}
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	r->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	append(&bo, "", 0);
	append(&be, "", 0);
	r->out = bo.data;
	r->err = be.data;
}

void run_ipcscope_v(struct run_result *r, va_list ap)
{
	char *argv[64];
	size_t n = 0;

	argv[n++] = (char *)ipcscope_path();
	for (char *a; (a = va_arg(ap, char *)) && n < 63;)
		argv[n++] = a;
	argv[n] = NULL;
	run_command(argv, r);
}

void run_ipcscope(struct run_result *r, ...)
{
	va_list ap;

	va_start(ap, r);
	run_ipcscope_v(r, ap);
	va_end(ap);
}

void run_result_free(struct run_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

void expect_usage_error(const char *needle, ...)
{
	va_list ap;
	struct run_result r;

	va_start(ap, needle);
	run_ipcscope_v(&r, ap);
	va_end(ap);
	if (r.status != 2)
		fail_msg("exited %d, expected 2, for the case of '%s'; stderr: %s", r.status, needle,
			 r.err);
	if (!strstr(r.err, needle))
		fail_msg("stderr lacks '%s': %s", needle, r.err);
	assert_string_equal(r.out, "");
	run_result_free(&r);
}

cJSON *parse_document(const char *text)
{
	cJSON *doc = cJSON_Parse(text);
	if (!doc)
		fail_msg("not JSON: %.200s", text);
	cJSON *schema = cJSON_GetObjectItem(doc, "schema");
	assert_true(cJSON_IsString(schema));
	assert_string_equal(schema->valuestring, IPCSCOPE_JSON_SCHEMA);
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "objects")));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "unreadable")));
	assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "warnings")));
	return doc;
}

bool has_warning(cJSON *doc, const char *text)
{
	cJSON *w;
	cJSON_ArrayForEach(w, cJSON_GetObjectItem(doc, "warnings"))
	{
		if (cJSON_IsString(w) && strstr(w->valuestring, text))
			return true;
	}
	return false;
}

cJSON *find_holder(cJSON *object, pid_t pid, int fd)
{
	cJSON *h;
	cJSON_ArrayForEach(h, cJSON_GetObjectItem(object, "holders"))
	{
		cJSON *p = cJSON_GetObjectItem(h, "pid"), *f = cJSON_GetObjectItem(h, "fd");
		if (cJSON_IsNumber(p) && p->valueint == pid && cJSON_IsNumber(f) && f->valueint == fd)
			return h;
	}
	return NULL;
}

cJSON *find_held(cJSON *objects, const char *kind, pid_t pid, int fd)
{
	cJSON *o;
	cJSON_ArrayForEach(o, objects)
	{
		cJSON *k = cJSON_GetObjectItem(o, "kind");
		if (cJSON_IsString(k) && strcmp(k->valuestring, kind) == 0 && find_holder(o, pid, fd))
			return o;
	}
	return NULL;
}

cJSON *list_kind(struct run_result *r, const char *kind)
{
	run_ipcscope(r, "list", "--json", kind, NULL);
	if (r->status != 0)
		fail_msg("ipcscope list %s exited %d: %s", kind, r->status, r->err);
	return parse_document(r->out);
}

cJSON *find_object(cJSON *doc, const char *kind, const char *field, const char *value)
{
	return find_object_in(doc, -1, kind, field, value);
}

unsigned long long namespace_inode(pid_t pid, const char *name)
{
	char path[64];
	struct stat st;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, name);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	return stat(path, &st) == 0 ? (unsigned long long)st.st_ino : 0;
}

/* pid -1: any namespaces. */
static bool in_namespaces_of(cJSON *object, pid_t pid)
{
	static const char *const fields[][2] = { { "mntns", "mnt" }, { "ipcns", "ipc" },
						 { "netns", "net" } };

	for (size_t i = 0; pid >= 0 && i < sizeof(fields) / sizeof(fields[0]); i++) {
		cJSON *v = cJSON_GetObjectItem(object, fields[i][0]);
		if (v && (!cJSON_IsNumber(v) ||
			  (unsigned long long)v->valuedouble != namespace_inode(pid, fields[i][1])))
			return false;
	}
	return true;
}

cJSON *find_object_in(cJSON *doc, pid_t pid, const char *kind, const char *field,
		      const char *value)
{
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		cJSON *k = cJSON_GetObjectItem(o, "kind"), *v = cJSON_GetObjectItem(o, field);
		if (cJSON_IsString(k) && strcmp(k->valuestring, kind) == 0 && cJSON_IsString(v) &&
		    strcmp(v->valuestring, value) == 0 && in_namespaces_of(o, pid))
			return o;
	}
	return NULL;
}

cJSON *find_map_holder(cJSON *object, pid_t pid, const char *access)
{
	cJSON *h;
	cJSON_ArrayForEach(h, cJSON_GetObjectItem(object, "holders"))
	{
		cJSON *p = cJSON_GetObjectItem(h, "pid"), *via = cJSON_GetObjectItem(h, "via");
		cJSON *a = cJSON_GetObjectItem(h, "access");
		if (cJSON_IsNumber(p) && p->valueint == pid && cJSON_IsNull(cJSON_GetObjectItem(h, "fd")) &&
		    cJSON_IsString(via) && strcmp(via->valuestring, "map") == 0 && cJSON_IsString(a) &&
		    strcmp(a->valuestring, access) == 0)
			return h;
	}
	return NULL;
}

long decode_base64(const char *text, unsigned char *out, size_t size)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t len = strlen(text), n = 0;

	if (len % 4)
		return -1;
	for (size_t i = 0; i < len; i += 4) {
		uint32_t v = 0;
		int pad = 0;
		for (int k = 0; k < 4; k++) {
			const char *at = text[i + k] ? strchr(alphabet, text[i + k]) : NULL;
			if (text[i + k] == '=' && i + 4 == len && k >= 2 && (k == 3 || text[i + 3] == '='))
				pad++;
			else if (!at || pad)
				return -1;
			v = v << 6 | (at ? (uint32_t)(at - alphabet) : 0);
		}
		for (int k = 0; k < 3 - pad; k++) {
			if (n == size)
				return -1;
			out[n++] = (unsigned char)(v >> (16 - 8 * k));
		}
	}
	return (long)n;
}

double json_number(cJSON *object, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(object, key);
	if (!cJSON_IsNumber(v))
		fail_msg("%s is not a number", key);
	return v->valuedouble;
}

int bring_up_loopback(void **state)
{
	(void)state;
	struct ifreq ifr = { 0 };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	strcpy(ifr.ifr_name, "lo");
	if (ioctl(fd, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0)
			fprintf(stderr, "cannot bring loopback up\n");
	}
	close(fd);
	return 0;
}

double netns_of(pid_t pid)
{
	char path[64];
	struct stat st;

	if (pid)
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/net");
	if (stat(path, &st) != 0)
		fail_msg("cannot stat %s: %s", path, strerror(errno));
	return (double)st.st_ino;
}

bool private_namespaces(void)
{
	const char *v = getenv("IPCSCOPE_TEST_NAMESPACES");
	return v && strcmp(v, "private") == 0;
}

uint64_t own_namespace(const char *type)
{
	char path[64];
	struct stat st;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", type);
	assert_int_equal(stat(path, &st), 0);
	return (uint64_t)st.st_ino;
}

bool in_own_namespaces(cJSON *object)
{
	static const char *const fields[][2] = {
		{ "ipcns", "ipc" }, { "netns", "net" }, { "mntns", "mnt" },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		cJSON *v = cJSON_GetObjectItem(object, fields[i][0]);
		if (cJSON_IsNumber(v) && v->valuedouble != (double)own_namespace(fields[i][1]))
			return false;
	}
	return true;
}

void need_ns_self(void)
{
	struct run_result r;

	run_ipcscope(&r, "list", "--ns", "self", "--kind", "pipe", NULL);
	int status = r.status;
	run_result_free(&r);
	if (status == 2)
		skip_because("ipcscope takes no --ns self here, without which clean would judge "
			     "the objects of every namespace on the machine");
}

bool set_next_shmid(int id)
{
	FILE *f = fopen("/proc/sys/kernel/shm_next_id", "w");

	if (!f)
		return false;
	fprintf(f, "%d\n", id);
	return fclose(f) == 0;
}

void skip_because(const char *fmt, ...)
{
	va_list ap;

	fputs("skip: ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!running_cases)
		exit(EXIT_SKIPPED);
	skipped_cases++;
	skip();
}

void need_private_namespaces(void)
{
	if (!private_namespaces())
		skip_because("needs IPC, mount and network namespaces of its own, which "
			     "hermetic.sh makes only as root");
}

void need_root(const char *why)
{
	if (geteuid() != 0)
		skip_because("needs root: %s", why);
}

void need_setpriv(void)
{
	if (access("/usr/bin/setpriv", X_OK) != 0 && access("/bin/setpriv", X_OK) != 0)
		skip_because("needs setpriv(1) from util-linux to run a command as another user");
}

/* What /proc/TID/FILE says on its first line, without the newline; false when it cannot be read. */
static bool read_proc_line(pid_t tid, const char *file, char *buf, size_t size)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)tid, file);
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	bool ok = fgets(buf, (int)size, f) != NULL;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return ok;
}

/* The state letter of /proc/TID/stat ('S', 'R', 'Z', ...), or 0 once the thread is gone. */
static char thread_state(pid_t tid)
{
	char stat[512];
	const char *end;

	if (!read_proc_line(tid, "stat", stat, sizeof(stat)) || !(end = strrchr(stat, ')')))
		return 0;
	return end[1] == ' ' ? end[2] : 0;
}

bool blocked_in(pid_t tid, const char *wchan)
{
	char now[128];

	return read_proc_line(tid, "wchan", now, sizeof(now)) && strcmp(now, wchan) == 0;
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

bool await_blocked(pid_t tid, const char *wchan)
{
	struct timespec start;
	char state;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!blocked_in(tid, wchan)) {
		state = thread_state(tid);
		if (!state || state == 'Z' || state == 'X' || seconds_since(&start) > BLOCK_PATIENCE_S)
			return false;
		usleep(1000);
	}
	return true;
}

void wait_until_blocked(pid_t tid, const char *wchan)
{
	char seen[128] = "";

	if (await_blocked(tid, wchan))
		return;
	char state = thread_state(tid);
	if (!state || state == 'Z' || state == 'X')
		fail_msg("thread %d ended before it blocked in %s", (int)tid, wchan);
	read_proc_line(tid, "wchan", seen, sizeof(seen));
	fail_msg("thread %d did not block in %s within %d s: state %c, wchan '%s'", (int)tid, wchan,
		 BLOCK_PATIENCE_S, state, seen);
}

pid_t fork_holder(void)
{
	pid_t parent = getpid();
	pid_t pid = fork();

	assert_true(pid >= 0);
	/* A failed assertion skips the test's clean-up; a holder left behind
	 * would keep ctest's output pipe open and hang the run. */
	if (pid == 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent))
		_exit(1);
	return pid;
}

pid_t spawn_holder(void (*fn)(void *arg), void *arg)
{
	int ready[2];

	assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
	pid_t pid = fork_holder();
	if (pid == 0) {
		close(ready[0]);
		fn(arg);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		close(ready[1]);
		for (;;)
			pause();
	}
	close(ready[1]);
	char c;
	ssize_t n = read(ready[0], &c, 1);
	close(ready[0]);
	if (n != 1)
		fail_msg("holder process %d did not get ready", pid);
	return pid;
}

pid_t spawn_reporting_holder(void (*fn)(void *report), void *report, size_t size)
{
	void *shared = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	assert_true(shared != MAP_FAILED);
	pid_t pid = spawn_holder(fn, shared);
	memcpy(report, shared, size);
	munmap(shared, size);
	return pid;
}

void stop_holder(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

void mount_own_tmp(const char *options)
{
	assert_true(own_tmp_bin < 0);
	/* Not close-on-exec: a command given the path runs ipcscope through it. */
	own_tmp_bin = open(ipcscope_bin, O_PATH);
	assert_true(own_tmp_bin >= 0);
	if (mount("none", "/tmp", "tmpfs", 0, options ? options : "mode=1777") < 0) {
		close(own_tmp_bin);
		own_tmp_bin = -1;
		fail_msg("cannot mount a tmpfs on /tmp: %s", strerror(errno));
	}
	snprintf(own_tmp_bin_path, sizeof(own_tmp_bin_path), "/proc/self/fd/%d", own_tmp_bin);
}

int unmount_own_tmp(void **state)
{
	(void)state;
	if (own_tmp_bin < 0)
		return 0;
	umount2("/tmp", MNT_DETACH);
	close(own_tmp_bin);
	own_tmp_bin = -1;
	return 0;
}

const char *ipcscope_path(void)
{
	return own_tmp_bin >= 0 ? own_tmp_bin_path : ipcscope_bin;
}

int run_integration_group(int argc, char **argv, const struct CMUnitTest *tests, size_t ntests,
			  CMFixtureFunction setup, CMFixtureFunction teardown)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s PATH-TO-IPCSCOPE\n", argv[0]);
		return 2;
	}
	ipcscope_bin = argv[1];
	running_cases = true;
	int failed = _cmocka_run_group_tests(argv[0], tests, ntests, setup, teardown);
	running_cases = false;
	if (failed || !skipped_cases)
		return failed;
	printf("skip: %u of %zu cases could not run here (reasons above)\n", skipped_cases, ntests);
	return EXIT_SKIPPED;
}

int run_integration_tests(int argc, char **argv, const struct CMUnitTest *tests, size_t ntests)
{
	return run_integration_group(argc, argv, tests, ntests, NULL, NULL);
}

void spawn_ipcscope(struct running *run, const char *const *args)
{
	int out[2], err[2];
	char *argv[16] = { (char *)ipcscope_path() };
	size_t n = 1;

	for (; *args && n < 15; args++)
		argv[n++] = (char *)*args;
	argv[n] = NULL;
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	assert_int_equal(pipe2(err, O_CLOEXEC), 0);
	run->pid = fork_holder();
	if (run->pid == 0) {
		dup2(out[1], STDOUT_FILENO);
		if (run->capture_err)
			dup2(err[1], STDERR_FILENO);
		struct rlimit rl = { run->nofile, run->nofile };
		if (run->nofile && setrlimit(RLIMIT_NOFILE, &rl) < 0)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	run->out = out[0];
	run->err = err[0];
}

/* Start `ipcscope load --json ARGS...` and read its manifest, one line of JSON. */
void start_load(struct running *run, const char *const *args)
{
	const char *argv[16] = { "load", "--json" };
	size_t n = 2;

	for (; *args && n < 15; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	spawn_ipcscope(run, argv);

	char *line = NULL;
	size_t cap = 0;
	FILE *f = fdopen(dup(run->out), "r");
	assert_non_null(f);
	ssize_t len = getline(&line, &cap, f);
	fclose(f);
	if (len <= 0)
		fail_msg("load printed no manifest");
	run->manifest = cJSON_Parse(line);
	free(line);
	if (!run->manifest)
		fail_msg("manifest is not JSON");
}

int wait_exit(pid_t pid, int seconds)
{
	struct timespec start;
	int status;
	pid_t done;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while ((done = waitpid(pid, &status, WNOHANG)) == 0) {
		if (seconds_since(&start) > seconds) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			fail_msg("process %d did not end within %d s", (int)pid, seconds);
		}
		usleep(1000);
	}
	assert_int_equal(done, pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void wait_for_entry(const char *dir)
{
	struct timespec start;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (entries(dir) == 0) {
		if (seconds_since(&start) > BLOCK_PATIENCE_S)
			fail_msg("nothing showed in %s within %d s", dir, BLOCK_PATIENCE_S);
		usleep(1000);
	}
}

/* Stop it with `sig` and wait: it must clean up and exit 0. */
void stop_load(struct running *run, int sig)
{
	int status;

	assert_int_equal(kill(run->pid, sig), 0);
	assert_int_equal(waitpid(run->pid, &status, 0), run->pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	close(run->out);
	close(run->err);
}

size_t entries(const char *dir)
{
	size_t n = 0;
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return errno == ENOENT ? 0 : (size_t)-1;
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

/* Lines of a /proc/sysvipc table after its heading. */
size_t sysvipc_rows(const char *table)
{
	char path[64], *line = NULL;
	size_t cap = 0, rows = 0;

	snprintf(path, sizeof(path), "/proc/sysvipc/%s", table);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (getline(&line, &cap, f) > 0)
		rows++;
	free(line);
	fclose(f);
	return rows ? rows - 1 : 0;
}

char *read_until(int fd, const char *needle)
{
	static char seen[65536];
	size_t len = 0;

	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int ready = poll(&p, 1, READ_PATIENCE_S * 1000);
		if (ready == 0)
			fail_msg("no '%s' within %d s in: %.*s", needle, READ_PATIENCE_S, (int)len, seen);
		ssize_t n = ready < 0 ? -1 : read(fd, seen + len, sizeof(seen) - 1 - len);
		if (n <= 0)
			fail_msg("the output ended before '%s': %.*s", needle, (int)len, seen);
		len += (size_t)n;
		seen[len] = '\0';
		if (strstr(seen, needle))
			return seen;
		if (len >= sizeof(seen) - 1)
			fail_msg("no '%s' in %zu bytes", needle, len);
	}
}

char *read_until_prompt(int master)
{
	return read_until(master, "[y/N] ");
}

int read_to_end(int master, pid_t pid, char *out, size_t size)
{
	size_t len = 0;
	ssize_t n;
	int status;

	while (len + 1 < size && (n = read(master, out + len, size - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	assert_int_equal(waitpid(pid, &status, 0), pid);
	close(master);
	return status;
}
