/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Names that other users choose: FIFOs and lock files named with terminal
 * escapes, a newline, C1 controls as UTF-8 and as raw bytes, and bytes that
 * are not UTF-8.  The text outputs must carry none of those bytes to the
 * terminal, one row per object; the JSON must give each name's exact bytes.
 */
#include "runner.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#define HOSTILE_COUNT 5
/* Why clean's cases need root: what a process of another user is blocked
 * opening cannot be read, and then no FIFO is stale. */
#define READ_EVERY_PROCESS "clean finds a FIFO stale only when it may read every process"

/* The names, and how the text outputs must write them (in a UTF-8 locale). */
static const struct {
	const char *name, *shown;
} hostile[HOSTILE_COUNT] = {
	{ "a\x1b]0;pwned\x07", "a\\x1b]0;pwned\\x07" }, /* sets the terminal's title */
	{ "b\nforged row", "b\\x0aforged row" },
	{ "c\xc2\x9b" "31m", "c\\xc2\\x9b31m" }, /* CSI as UTF-8 U+009B */
	{ "d\x9b" "31m", "d\\x9b31m" },		 /* CSI as a raw byte */
	{ "e\xc3\xa9", "e\xc3\xa9" },		 /* é: printable, stays readable */
};

static char dir[64];

static int setup_group(void **state)
{
	(void)state;
	/* A UTF-8 terminal, where printable characters are kept and controls are not. */
	setenv("LC_ALL", "C.UTF-8", 1);
	strcpy(dir, "/tmp/ipcscope-hostile.XXXXXX");
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int teardown_group(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* A directory of its own for one test: DIR/SUB, its path in path. */
static void subdir(const char *sub, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", dir, sub);
	assert_int_equal(mkdir(path, 0755), 0);
}

static void path_of(char *path, size_t size, const char *in, const char *name)
{
	snprintf(path, size, "%s/%s", in, name);
}

/*
 * Nothing in `out` a terminal acts on: no C0 control but the newline that
 * ends a row, no DEL, no C1 byte (none of the names here is a character
 * whose encoding has one).
 */
static void expect_terminal_safe(const char *out, const char *what)
{
	for (const unsigned char *p = (const unsigned char *)out; *p; p++) {
		if ((*p < 0x20 && *p != '\n') || *p == 0x7f || (*p >= 0x80 && *p <= 0x9f))
			fail_msg("%s: byte 0x%02x at %zu in:\n%s", what, *p,
				 (size_t)(p - (const unsigned char *)out), out);
	}
}

/* How many lines of `out` mention `in` (the test's directory); each must start with
 * one of `starts` (NULL-terminated), or the name's newline started a row of its own. */
static int rows_in(const char *out, const char *in, const char *const *starts, const char *what)
{
	int rows = 0;
	char *copy = strdup(out), *save = NULL;

	for (char *l = strtok_r(copy, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		if (!strstr(l, in))
			continue;
		bool started = false;
		for (const char *const *s = starts; *s && !started; s++)
			started = strncmp(l, *s, strlen(*s)) == 0;
		if (!started)
			fail_msg("%s: a row that does not start as rows do:\n%s", what, out);
		rows++;
	}
	free(copy);
	return rows;
}

static void expect_names_shown(const char *out, const char *in, const char *what)
{
	for (int i = 0; i < HOSTILE_COUNT; i++) {
		char want[256];
		snprintf(want, sizeof(want), "%s/%s", in, hostile[i].shown);
		if (!strstr(out, want))
			fail_msg("%s: \"%s\" not in:\n%s", what, want, out);
	}
}

static void make_fifos(const char *in)
{
	for (int i = 0; i < HOSTILE_COUNT; i++) {
		char path[256];
		path_of(path, sizeof(path), in, hostile[i].name);
		assert_int_equal(mkfifo(path, 0644), 0);
	}
}

/* clean --dry-run's table: one row per FIFO (none is open: all stale), names escaped. */
static void clean_table(void **state)
{
	(void)state;
	char in[128], pattern[160];
	struct run_result r;

	need_root(READ_EVERY_PROCESS);
	subdir("clean", in, sizeof(in));
	make_fifos(in);
	snprintf(pattern, sizeof(pattern), "%s/*", in);
	run_ipcscope(&r, "clean", "--dry-run", "--path", in, "--name", pattern, "fifo", NULL);
	assert_int_equal(r.status, 0);
	expect_terminal_safe(r.out, "clean --dry-run");
	expect_terminal_safe(r.err, "clean --dry-run's messages");
	expect_names_shown(r.out, in, "clean --dry-run");
	/* "would_remove", or "skipped" where a process that could hold it could not be read. */
	const char *const actions[] = { "would_remove ", "skipped ", NULL };
	assert_int_equal(rows_in(r.out, in, actions, "clean"), HOSTILE_COUNT);
	run_result_free(&r);
}

/* A warning quotes the path it is about: "cannot search DIR", DIR escaped on stderr. */
static void warning_on_stderr(void **state)
{
	(void)state;
	char missing[256], want[256];
	struct run_result r;

	path_of(missing, sizeof(missing), dir, hostile[0].name);
	path_of(want, sizeof(want), dir, hostile[0].shown);
	run_ipcscope(&r, "stale", "--path", missing, "fifo", NULL);
	assert_int_equal(r.status, 0);
	expect_terminal_safe(r.err, "stale's warning");
	if (!strstr(r.err, want))
		fail_msg("\"%s\" not in:\n%s", want, r.err);
	run_result_free(&r);
}

struct fifo_holder {
	const char *in;
};

/* Holds every FIFO open, under a command name that is an escape sequence too. */
static void hold_fifos(void *arg)
{
	const struct fifo_holder *h = arg;
	prctl(PR_SET_NAME, "x\x1b[31m\x9b", 0, 0, 0);
	for (int i = 0; i < HOSTILE_COUNT; i++) {
		char path[256];
		path_of(path, sizeof(path), h->in, hostile[i].name);
		if (open(path, O_RDWR) < 0)
			_exit(1);
	}
}

/* Two names "name" shows alike ("a\uFFFD"), told apart by name_bytes. */
static const char *const colliding[] = { "a\xff", "a\xfe" };

static void hold_colliding(void *arg)
{
	const struct fifo_holder *h = arg;
	for (int i = 0; i < 2; i++) {
		char path[256];
		path_of(path, sizeof(path), h->in, colliding[i]);
		if (open(path, O_RDWR) < 0)
			_exit(1);
	}
}

/* watch's text: one line per FIFO, each starting with its time, names escaped. */
static void watch_text(void **state)
{
	(void)state;
	char in[128], pattern[160];
	struct run_result r;

	subdir("watch", in, sizeof(in));
	make_fifos(in);
	struct fifo_holder h = { in };
	pid_t holder = spawn_holder(hold_fifos, &h);
	snprintf(pattern, sizeof(pattern), "%s/*", in);
	run_ipcscope(&r, "watch", "--initial", "--count", "0", "--kind", "fifo", "--name", pattern,
		     NULL);
	assert_int_equal(r.status, 0);
	expect_terminal_safe(r.out, "watch");
	expect_names_shown(r.out, in, "watch");
	const char *const times[] = { "20", NULL }; /* 2026-...Z */
	assert_int_equal(rows_in(r.out, in, times, "watch"), HOSTILE_COUNT);
	run_result_free(&r);

	/* list's table, the model the others follow. */
	run_ipcscope(&r, "list", "fifo", "--name", pattern, "-o", "NAME,HOLDERS", NULL);
	assert_int_equal(r.status, 0);
	expect_terminal_safe(r.out, "list");
	expect_names_shown(r.out, in, "list");
	const char *const names[] = { in, NULL };
	assert_int_equal(rows_in(r.out, in, names, "list"), HOSTILE_COUNT);
	run_result_free(&r);
	stop_holder(holder);
}

/* Locks one file, tells the parent, waits for the go, then blocks on the other. */
static pid_t cross_locker(const char *first, const char *second, int ready, int go)
{
	pid_t pid = fork_holder();
	if (pid == 0) {
		int a = open(first, O_RDWR), b = open(second, O_RDWR);
		char c;
		prctl(PR_SET_NAME, "y\x1b]0;t\x07", 0, 0, 0);
		if (a < 0 || b < 0 || flock(a, LOCK_EX) != 0 || write(ready, "x", 1) != 1 ||
		    read(go, &c, 1) != 1)
			_exit(1);
		flock(b, LOCK_EX); /* never returns: the other holds it and waits for ours */
		_exit(0);
	}
	return pid;
}

/* A line of `out` that starts with "PID/". */
static const char *line_of_pid(const char *out, pid_t pid)
{
	char want[32];
	size_t n = (size_t)snprintf(want, sizeof(want), "%d/", pid);
	for (const char *l = out; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (strncmp(l, want, n) == 0)
			return l;
	return NULL;
}

/* locks' table, and the cycle locks --deadlocks prints, between files named to do harm. */
static void locks_text(void **state)
{
	(void)state;
	char in[128], x[256], y[256], pattern[160], c;
	struct run_result r;
	int ready[2], go[2];

	subdir("locks", in, sizeof(in));
	path_of(x, sizeof(x), in, hostile[0].name);
	path_of(y, sizeof(y), in, hostile[1].name);
	for (int i = 0; i < HOSTILE_COUNT; i++) {
		char path[256];
		path_of(path, sizeof(path), in, hostile[i].name);
		close(open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644));
	}
	/* Every other file locked here, so that the table shows all five names. */
	int held[HOSTILE_COUNT];
	for (int i = 2; i < HOSTILE_COUNT; i++) {
		char path[256];
		path_of(path, sizeof(path), in, hostile[i].name);
		held[i] = open(path, O_RDWR | O_CLOEXEC);
		assert_int_equal(flock(held[i], LOCK_SH), 0);
	}
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	pid_t one = cross_locker(x, y, ready[1], go[0]);
	pid_t two = cross_locker(y, x, ready[1], go[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(write(go[1], "xx", 2), 2);

	/* Wait until both block: then the cycle is there to print. */
	const char *deadlocked = NULL;
	for (int tries = 0; tries < 600 && !deadlocked; tries++) {
		run_ipcscope(&r, "locks", "--deadlocks", NULL);
		if (r.status == 1 && line_of_pid(r.out, one))
			deadlocked = "yes";
		else {
			run_result_free(&r);
			usleep(50000);
		}
	}
	if (!deadlocked)
		fail_msg("no deadlock reported for %d and %d", one, two);
	expect_terminal_safe(r.out, "locks --deadlocks");
	const char *line = line_of_pid(r.out, one);
	const char *end = strchr(line, '\n');
	assert_non_null(end);
	char *cycle = strndup(line, (size_t)(end - line));
	char want[256];
	for (int i = 0; i < 2; i++) {
		snprintf(want, sizeof(want), "%s/%s)", in, hostile[i].shown);
		if (!strstr(cycle, want))
			fail_msg("\"%s\" not in the cycle's line:\n%s", want, r.out);
	}
	free(cycle);
	run_result_free(&r);

	snprintf(pattern, sizeof(pattern), "%s/*", in);
	run_ipcscope(&r, "locks", "--name", pattern, "-o", "NAME,HOLDERS,WAITERS", NULL);
	assert_int_equal(r.status, 0);
	expect_terminal_safe(r.out, "locks");
	expect_names_shown(r.out, in, "locks");
	run_result_free(&r);

	stop_holder(one);
	stop_holder(two);
	for (int i = 2; i < HOSTILE_COUNT; i++)
		close(held[i]);
	for (int i = 0; i < 2; i++) {
		close(ready[i]);
		close(go[i]);
	}
}

/* Each object of `objects` (an array; `member` in each, or the elements themselves)
 * under `in`: its name_bytes must decode to its exact path; how many were found. */
static int exact_names(cJSON *objects, const char *member, const char *in, bool found[2])
{
	int n = 0;
	cJSON *item;
	cJSON_ArrayForEach(item, objects)
	{
		cJSON *o = member ? cJSON_GetObjectItem(item, member) : item;
		cJSON *name = cJSON_GetObjectItem(o, "name"), *bytes = cJSON_GetObjectItem(o, "name_bytes");
		if (!cJSON_IsString(name) || strncmp(name->valuestring, in, strlen(in)) != 0)
			continue;
		char shown[256];
		snprintf(shown, sizeof(shown), "%s/a\xef\xbf\xbd", in); /* U+FFFD */
		assert_string_equal(name->valuestring, shown);
		if (!cJSON_IsString(bytes))
			fail_msg("name_bytes of %s is not a string", name->valuestring);
		unsigned char exact[256];
		long len = decode_base64(bytes->valuestring, exact, sizeof(exact));
		assert_true(len > 0);
		for (int i = 0; i < 2; i++) {
			char path[256];
			path_of(path, sizeof(path), in, colliding[i]);
			if ((size_t)len == strlen(path) && memcmp(exact, path, (size_t)len) == 0) {
				assert_false(found[i]);
				found[i] = true;
				n++;
			}
		}
	}
	return n;
}

static void json_gives_exact_bytes(void **state)
{
	(void)state;
	char in[128], pattern[160];
	struct run_result r;

	need_root(READ_EVERY_PROCESS);
	subdir("json", in, sizeof(in));
	for (int i = 0; i < 2; i++) {
		char path[256];
		path_of(path, sizeof(path), in, colliding[i]);
		assert_int_equal(mkfifo(path, 0644), 0);
	}
	snprintf(pattern, sizeof(pattern), "%s/*", in);

	/* Unopened: clean's report, each result's object. */
	run_ipcscope(&r, "clean", "--dry-run", "--json", "--path", in, "--name", pattern, "fifo", NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = cJSON_Parse(r.out);
	assert_non_null(doc);
	bool found[2] = { false, false };
	assert_int_equal(exact_names(cJSON_GetObjectItem(doc, "results"), "object", in, found), 2);
	cJSON_Delete(doc);
	run_result_free(&r);

	/* Open: list's objects, and watch's events. */
	struct fifo_holder h = { in };
	pid_t holder = spawn_holder(hold_colliding, &h);
	doc = list_kind(&r, "fifo");
	memset(found, 0, sizeof(found));
	assert_int_equal(exact_names(cJSON_GetObjectItem(doc, "objects"), NULL, in, found), 2);
	/* A name that is UTF-8 has null, not a copy: the member is there, a string or null. */
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		cJSON *bytes = cJSON_GetObjectItem(o, "name_bytes");
		const char *name = cJSON_GetObjectItem(o, "name")->valuestring;
		if (!bytes || (!cJSON_IsNull(bytes) && !cJSON_IsString(bytes)))
			fail_msg("name_bytes missing or neither string nor null");
		if (name && !strstr(name, "\xef\xbf\xbd"))
			assert_true(cJSON_IsNull(bytes));
	}
	cJSON_Delete(doc);
	run_result_free(&r);

	run_ipcscope(&r, "watch", "--ndjson", "--initial", "--count", "0", "--kind", "fifo",
		     "--name", pattern, NULL);
	assert_int_equal(r.status, 0);
	cJSON *events = cJSON_CreateArray();
	char *save = NULL;
	for (char *l = strtok_r(r.out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		cJSON *ev = cJSON_Parse(l);
		assert_non_null(ev);
		cJSON_AddItemToArray(events, ev);
	}
	memset(found, 0, sizeof(found));
	assert_int_equal(exact_names(events, "object", in, found), 2);
	cJSON_Delete(events);
	run_result_free(&r);
	stop_holder(holder);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(clean_table),
		cmocka_unit_test(warning_on_stderr),
		cmocka_unit_test(watch_text),
		cmocka_unit_test(locks_text),
		cmocka_unit_test(json_gives_exact_bytes),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     setup_group, teardown_group);
}
