/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope watch against objects made here while it runs: a SysV segment, a
 * message queue, a pipe and file locks come and go, and each shows up as the
 * event it is; and the ways it ends.  Other programs' containers come and go
 * too, and ipcscope sees their namespaces: their events are left out here.
 */
#include "runner.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <regex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SHM_KEY 0x0a11ce21
#define MSG_KEY 0x0a11ce22
#define MARK_KEY 0x0a11ce23

/* Not a timing assertion: how long to wait for an event before calling it lost. */
#define PATIENCE_MS 60000

/* A running `ipcscope watch --ndjson`, read line by line. */
struct watcher {
	pid_t pid;
	int out;
	FILE *err;       /* its standard error, kept in a file */
	char *buf;       /* read, not yet a whole line */
	size_t len;
	char *log;       /* every line so far, for failure messages */
	size_t log_len;
};

static void start_watch_to(struct watcher *w, int out_fd, const char *const *args)
{
	char *argv[32] = { (char *)ipcscope_bin, "watch" }, self[16];
	size_t n = 2;

	w->err = tmpfile();
	assert_non_null(w->err);
	w->pid = fork_holder();
	if (w->pid == 0) {
		/* "SELF" stands for its own pid, which exec keeps. */
		snprintf(self, sizeof(self), "%d", getpid());
		for (; *args && n < 31; args++)
			argv[n++] = strcmp(*args, "SELF") == 0 ? self : (char *)*args;
		argv[n] = NULL;
		int null = open("/dev/null", O_RDONLY);
		dup2(null, STDIN_FILENO);
		dup2(out_fd, STDOUT_FILENO);
		dup2(fileno(w->err), STDERR_FILENO);
		/* Only what it is given: a pipe inherited from whoever ran the tests is none of its own. */
		close_range(3, ~0U, 0);
		execv(ipcscope_bin, argv);
		_exit(127);
	}
}

static void start_watch(struct watcher *w, const char *const *args)
{
	int out[2];

	*w = (struct watcher){ 0 };
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	start_watch_to(w, out[1], args);
	close(out[1]);
	w->out = out[0];
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * Whether an event line, --ndjson or text, or an object line of list
 * --ndjson, is about an object of another namespace than ours: in text,
 * "TIME EVENT KIND ID ...", whose ID ends in @<inode> there.
 */
static bool of_other_namespace(const char *line)
{
	if (line[0] == '{') {
		cJSON *json = cJSON_Parse(line);
		cJSON *object = cJSON_GetObjectItem(json, "object");
		bool other = json && !in_own_namespaces(object ? object : json);
		cJSON_Delete(json);
		return other;
	}
	const char *id = line;
	for (int field = 0; field < 3 && id; field++)
		if ((id = strchr(id, ' ')))
			id++;
	return id && memchr(id, '@', strcspn(id, " \n"));
}

/* Drops the lines of other namespaces' objects from text it printed. */
static void keep_own_lines(char *out)
{
	char *to = out;

	for (char *line = out; *line;) {
		size_t len = strcspn(line, "\n");
		len += line[len] == '\n';
		char saved = line[len];
		line[len] = '\0';
		bool other = of_other_namespace(line);
		line[len] = saved;
		if (!other) {
			memmove(to, line, len);
			to += len;
		}
		line += len;
	}
	*to = '\0';
}

/*
 * What the watch is doing when it prints nothing for too long, for the
 * failure message: each thread's kernel wait and system call, its standard
 * error so far, and the last of its output (the first lines are the
 * initial snapshot's, which say little).
 */
static void describe_silent_watch(const struct watcher *w)
{
	char path[PATH_MAX], text[256];

	snprintf(path, sizeof(path), "/proc/%d/task", (int)w->pid);
	DIR *tasks = opendir(path);
	struct dirent *de;
	while (tasks && (de = readdir(tasks))) {
		if (de->d_name[0] == '.')
			continue;
		for (int i = 0; i < 2; i++) {
			snprintf(path, sizeof(path), "/proc/%d/task/%s/%s", (int)w->pid, de->d_name,
				 i ? "syscall" : "wchan");
			FILE *f = fopen(path, "r");
			size_t n = f ? fread(text, 1, sizeof(text) - 1, f) : 0;
			text[n] = '\0';
			fprintf(stderr, "watch thread %s %s: %s\n", de->d_name, i ? "syscall" : "wchan",
				text);
			if (f)
				fclose(f);
		}
	}
	if (tasks)
		closedir(tasks);
	if (w->err) {
		fflush(w->err);
		rewind(w->err);
		size_t n;
		while ((n = fread(text, 1, sizeof(text), w->err)) > 0)
			fwrite(text, 1, n, stderr);
	}
	size_t from = w->log_len > 3000 ? w->log_len - 3000 : 0;
	fprintf(stderr, "the last of its output:\n%s\n", w->log ? w->log + from : "");
}

/* The next line it printed (malloc'd), or NULL at the end of its output. */
static char *next_any_line(struct watcher *w)
{
	for (;;) {
		char *nl = w->buf ? memchr(w->buf, '\n', w->len) : NULL;
		if (nl) {
			size_t n = (size_t)(nl - w->buf) + 1;
			char *line = strndup(w->buf, n - 1);
			w->log = realloc(w->log, w->log_len + n + 1);
			memcpy(w->log + w->log_len, w->buf, n);
			w->log_len += n;
			w->log[w->log_len] = '\0';
			memmove(w->buf, w->buf + n, w->len - n);
			w->len -= n;
			return line;
		}
		struct pollfd p = { .fd = w->out, .events = POLLIN };
		int ready = poll(&p, 1, PATIENCE_MS);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready == 0) {
			describe_silent_watch(w);
			fail_msg("no event in %d s", PATIENCE_MS / 1000);
		}
		char chunk[65536];
		ssize_t got = read(w->out, chunk, sizeof(chunk));
		if (got <= 0)
			return NULL;
		w->buf = realloc(w->buf, w->len + (size_t)got);
		memcpy(w->buf + w->len, chunk, (size_t)got);
		w->len += (size_t)got;
	}
}

/* The next line about an object of ours, or NULL at the end of its output. */
static char *next_line(struct watcher *w)
{
	char *line;

	while ((line = next_any_line(w)) && of_other_namespace(line))
		free(line);
	return line;
}

static char *error_output(struct watcher *w)
{
	char *s = calloc(1, 65536);
	rewind(w->err);
	size_t n = fread(s, 1, 65535, w->err);
	s[n] = '\0';
	return s;
}

static const char *text(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static bool is_utc_time(const char *s)
{
	regex_t re;
	assert_int_equal(regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$",
				 REG_EXTENDED | REG_NOSUB),
			 0);
	bool ok = s && regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

/* Every line is one event: time, event, object, and changes exactly for a change. */
static cJSON *parse_event(const char *line)
{
	cJSON *ev = cJSON_Parse(line);
	if (!ev)
		fail_msg("not JSON: %s", line);
	const char *event = text(ev, "event");
	if (!is_utc_time(text(ev, "time")) || !event || !cJSON_IsObject(cJSON_GetObjectItem(ev, "object")))
		fail_msg("not an event: %s", line);
	bool changed = strcmp(event, "changed") == 0;
	if (!changed && strcmp(event, "created") != 0 && strcmp(event, "removed") != 0)
		fail_msg("unknown event: %s", line);
	if (cJSON_GetArraySize(ev) != (changed ? 4 : 3) ||
	    (changed && cJSON_GetArraySize(cJSON_GetObjectItem(ev, "changes")) == 0))
		fail_msg("members of the event: %s", line);
	return ev;
}

/* The change of `field` in an event, or NULL. */
static cJSON *change_of(cJSON *ev, const char *field)
{
	cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(ev, "changes"))
	{
		const char *f = text(c, "field");
		if (f && strcmp(f, field) == 0)
			return c;
	}
	return NULL;
}

/* The next event of that kind whose object's `member` is `value`, with a change of `field` if given. */
static cJSON *await_event(struct watcher *w, const char *event, const char *kind,
			  const char *member, const char *value, const char *field)
{
	/* Other events (pipes come and go all over the machine) must not keep it waiting for ever. */
	long long give_up = now_ms() + PATIENCE_MS;

	for (;;) {
		if (now_ms() > give_up)
			fail_msg("no %s %s %s=%s in %d s; it printed:\n%s", event, kind, member, value,
				 PATIENCE_MS / 1000, w->log ? w->log : "");
		char *line = next_line(w);
		if (!line)
			fail_msg("watch ended before %s %s %s=%s; it printed:\n%s\nand on stderr:\n%s",
				 event, kind, member, value, w->log ? w->log : "", error_output(w));
		cJSON *ev = parse_event(line);
		free(line);
		cJSON *o = cJSON_GetObjectItem(ev, "object");
		const char *v = text(o, member);
		if (strcmp(text(ev, "event"), event) == 0 && strcmp(text(o, "kind"), kind) == 0 && v &&
		    strcmp(v, value) == 0 && (!field || change_of(ev, field)))
			return ev;
		cJSON_Delete(ev);
	}
}

static cJSON *await_id(struct watcher *w, const char *event, const char *kind, long id,
		       const char *field)
{
	char want[32];

	snprintf(want, sizeof(want), "%ld", id);
	return await_event(w, event, kind, "id", want, field);
}

/* Its exit status once it has ended (128 + signal when killed by one). */
static int wait_watch(struct watcher *w)
{
	int status;

	for (int waited = 0; waitpid(w->pid, &status, WNOHANG) == 0; waited += 10) {
		if (waited > PATIENCE_MS) {
			kill(w->pid, SIGKILL);
			waitpid(w->pid, &status, 0);
			fail_msg("watch did not end");
		}
		usleep(10000);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void watcher_free(struct watcher *w)
{
	if (w->out > 0)
		close(w->out);
	fclose(w->err);
	free(w->buf);
	free(w->log);
}

/* It ends by itself with status 0 and nothing to say about writing; then freed. */
static void expect_quiet_end(struct watcher *w)
{
	assert_int_equal(wait_watch(w), 0);
	char *err = error_output(w);
	if (strstr(err, "error"))
		fail_msg("it said: %s", err);
	free(err);
	watcher_free(w);
}

static int clean_keys(void **state)
{
	(void)state;
	int id;
	if ((id = shmget(SHM_KEY, 0, 0)) >= 0)
		shmctl(id, IPC_RMID, NULL);
	if ((id = msgget(MSG_KEY, 0)) >= 0)
		msgctl(id, IPC_RMID, NULL);
	if ((id = shmget(MARK_KEY, 0, 0)) >= 0)
		shmctl(id, IPC_RMID, NULL);
	return 0;
}

/*
 * `ipcscope watch --ndjson --initial --interval 0.1 --kind KINDS,sysv_shm`,
 * once what its first snapshot held is behind it: a segment made before it
 * starts is reported created from that snapshot, and removed from a later
 * one, whose events come after every one of the first.  Anything made after
 * this returns is new to it.
 */
static void watch_from_here(struct watcher *w, const char *kinds)
{
	char *kind_list;
	int marker = shmget(MARK_KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);

	assert_true(marker >= 0);
	assert_true(asprintf(&kind_list, "%s,sysv_shm", kinds) > 0);
	const char *const args[] = { "--ndjson", "--initial", "--interval", "0.1", "--kind",
				     kind_list, NULL };
	start_watch(w, args);
	free(kind_list);
	cJSON_Delete(await_id(w, "created", "sysv_shm", marker, NULL));
	assert_int_equal(shmctl(marker, IPC_RMID, NULL), 0);
	cJSON_Delete(await_id(w, "removed", "sysv_shm", marker, NULL));
}

static int attach_id;

static void attach(void *arg)
{
	(void)arg;
	if (shmat(attach_id, NULL, 0) == (void *)-1)
		_exit(1);
}

static bool holds(cJSON *holders, pid_t pid, int fd, const char *access)
{
	cJSON *h;
	cJSON_ArrayForEach(h, holders)
	{
		cJSON *f = cJSON_GetObjectItem(h, "fd");
		if (json_number(h, "pid") == pid && strcmp(text(h, "access"), access) == 0 &&
		    (fd < 0 ? cJSON_IsNull(f) : cJSON_IsNumber(f) && f->valueint == fd))
			return true;
	}
	return false;
}

static void expect_change(cJSON *ev, const char *field, double old, double now)
{
	cJSON *c = change_of(ev, field);
	if (!c)
		fail_msg("no change of %s in %s", field, cJSON_PrintUnformatted(ev));
	assert_int_equal(json_number(c, "old"), old);
	assert_int_equal(json_number(c, "new"), now);
}

/* A segment, a queue and a pipe are made, changed and removed while it watches. */
static void objects_come_change_and_go(void **state)
{
	(void)state;
	struct watcher w;
	struct { long type; char text[100]; } msg = { .type = 1 };

	watch_from_here(&w, "sysv_msg,pipe");

	int shm = shmget(SHM_KEY, 8192, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(shm >= 0);
	cJSON *ev = await_id(&w, "created", "sysv_shm", shm, NULL);
	cJSON *o = cJSON_GetObjectItem(ev, "object");
	assert_string_equal(text(o, "key"), "0x0a11ce21");
	assert_int_equal(json_number(o, "size"), 8192);
	assert_int_equal(json_number(o, "nattch"), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders")), 0);
	cJSON_Delete(ev);

	int q = msgget(MSG_KEY, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(q >= 0);
	ev = await_id(&w, "created", "sysv_msg", q, NULL);
	assert_int_equal(json_number(cJSON_GetObjectItem(ev, "object"), "messages"), 0);
	cJSON_Delete(ev);
	memset(msg.text, 'm', sizeof(msg.text));
	assert_int_equal(msgsnd(q, &msg, sizeof(msg.text), 0), 0);
	ev = await_id(&w, "changed", "sysv_msg", q, "messages");
	expect_change(ev, "messages", 0, 1);
	expect_change(ev, "bytes", 0, 100);
	cJSON_Delete(ev);

	/* One process attaches, then a second. */
	attach_id = shm;
	pid_t first = spawn_holder(attach, NULL);
	ev = await_id(&w, "changed", "sysv_shm", shm, "nattch");
	expect_change(ev, "nattch", 0, 1);
	cJSON_Delete(ev);
	pid_t second = spawn_holder(attach, NULL);
	ev = await_id(&w, "changed", "sysv_shm", shm, "nattch");
	expect_change(ev, "nattch", 1, 2);
	cJSON *moved = change_of(ev, "holders");
	assert_non_null(moved);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(moved, "joined")), 1);
	assert_true(holds(cJSON_GetObjectItem(moved, "joined"), second, -1, "rw"));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(moved, "left")), 0);
	o = cJSON_GetObjectItem(ev, "object");
	assert_true(holds(cJSON_GetObjectItem(o, "holders"), first, -1, "rw"));
	assert_true(holds(cJSON_GetObjectItem(o, "holders"), second, -1, "rw"));
	cJSON_Delete(ev);

	int p[2];
	struct stat st;
	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	assert_int_equal(fstat(p[0], &st), 0);
	ev = await_id(&w, "created", "pipe", (long)st.st_ino, NULL);
	o = cJSON_GetObjectItem(ev, "object");
	assert_true(holds(cJSON_GetObjectItem(o, "holders"), getpid(), p[0], "r"));
	assert_true(holds(cJSON_GetObjectItem(o, "holders"), getpid(), p[1], "w"));
	cJSON_Delete(ev);

	stop_holder(first);
	stop_holder(second);
	assert_int_equal(shmctl(shm, IPC_RMID, NULL), 0);
	ev = await_id(&w, "removed", "sysv_shm", shm, NULL);
	assert_int_equal(json_number(cJSON_GetObjectItem(ev, "object"), "shmid"), shm);
	cJSON_Delete(ev);
	assert_int_equal(msgctl(q, IPC_RMID, NULL), 0);
	ev = await_id(&w, "removed", "sysv_msg", q, NULL);
	assert_int_equal(json_number(cJSON_GetObjectItem(ev, "object"), "messages"), 1);
	cJSON_Delete(ev);
	close(p[0]);
	close(p[1]);
	cJSON_Delete(await_id(&w, "removed", "pipe", (long)st.st_ino, NULL));

	assert_int_equal(kill(w.pid, SIGTERM), 0);
	assert_int_equal(wait_watch(&w), 0);
	watcher_free(&w);
}

/* Lines of `ipcscope ARGS...`, which must exit 0. */
static char **lines_of(size_t *n, ...)
{
	struct run_result r;
	va_list ap;

	va_start(ap, n);
	run_ipcscope_v(&r, ap);
	va_end(ap);
	if (r.status != 0)
		fail_msg("exited %d: %s", r.status, r.err);
	char **lines = NULL;
	*n = 0;
	keep_own_lines(r.out);
	for (char *save = NULL, *l = strtok_r(r.out, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		lines = realloc(lines, (*n + 1) * sizeof(*lines));
		lines[(*n)++] = strdup(l);
	}
	run_result_free(&r);
	return lines;
}

static void free_lines(char **lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

/* --initial reports what is there; each object is byte for byte what list --ndjson prints. */
static void objects_are_written_as_list_writes_them(void **state)
{
	(void)state;
	struct { long type; char text[10]; } msg = { .type = 1, .text = "twice" };
	int shm = shmget(SHM_KEY, 4096, IPC_CREAT | IPC_EXCL | 0640);
	int q = msgget(MSG_KEY, IPC_CREAT | IPC_EXCL | 0600);
	size_t nw, nl;

	assert_true(shm >= 0 && q >= 0);
	assert_int_equal(msgsnd(q, &msg, sizeof(msg.text), 0), 0);
	assert_int_equal(msgsnd(q, &msg, sizeof(msg.text), 0), 0);
	char **watched = lines_of(&nw, "watch", "--ndjson", "--initial", "--count", "0", "--kind",
				  "sysv_shm,sysv_msg", NULL);
	char **listed = lines_of(&nl, "list", "--ndjson", "--kind", "sysv_shm,sysv_msg", NULL);

	assert_int_equal(nw, nl);
	assert_true(nw >= 2);
	for (size_t i = 0; i < nw; i++) {
		cJSON *ev = parse_event(watched[i]);
		assert_string_equal(text(ev, "event"), "created");
		cJSON_Delete(ev);
		const char *at = strstr(watched[i], "\"object\":");
		assert_non_null(at);
		at += strlen("\"object\":");
		size_t len = strlen(at) - 1; /* without the event's closing brace */
		bool found = false;
		for (size_t j = 0; j < nl && !found; j++)
			found = strlen(listed[j]) == len && strncmp(listed[j], at, len) == 0;
		if (!found)
			fail_msg("watch wrote an object list does not:\n%s", watched[i]);
	}
	free_lines(watched, nw);
	free_lines(listed, nl);
	shmctl(shm, IPC_RMID, NULL);
	msgctl(q, IPC_RMID, NULL);
}

/* Without --initial the first snapshot is only what the next ones are compared with. */
static void first_snapshot_is_silent(void **state)
{
	(void)state;
	struct run_result r;
	int shm = shmget(SHM_KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(shm >= 0);

	run_ipcscope(&r, "watch", "--ndjson", "--count", "2", "--interval", "0.05", "--kind",
		     "sysv_shm", NULL);
	assert_int_equal(r.status, 0);
	keep_own_lines(r.out);
	assert_string_equal(r.out, "");
	run_result_free(&r);

	/* Text for people: the time, the event, the object in a few words. */
	char want[128];
	snprintf(want, sizeof(want), " created sysv_shm %d 0x0a11ce21 (0 attached)\n", shm);
	run_ipcscope(&r, "watch", "--initial", "--count", "0", "--kind", "sysv_shm", NULL);
	assert_int_equal(r.status, 0);
	keep_own_lines(r.out);
	char *space = strchr(r.out, ' ');
	assert_non_null(space);
	*space = '\0';
	assert_true(is_utc_time(r.out));
	*space = ' ';
	assert_string_equal(space, want);
	run_result_free(&r);
	shmctl(shm, IPC_RMID, NULL);
}

static void ends_on_signal(int sig)
{
	static const char *const args[] = { "--ndjson", "--initial", "--interval", "0.1",
					    "--kind", "sysv_shm", NULL };
	struct watcher w;
	int shm = shmget(SHM_KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);

	assert_true(shm >= 0);
	start_watch(&w, args);
	cJSON_Delete(await_id(&w, "created", "sysv_shm", shm, NULL)); /* it is running */
	assert_int_equal(kill(w.pid, sig), 0);
	assert_int_equal(wait_watch(&w), 0);
	assert_null(next_line(&w)); /* nothing more, not half a line */
	watcher_free(&w);
	shmctl(shm, IPC_RMID, NULL);
}

static void sigint_ends_it(void **state)
{
	(void)state;
	ends_on_signal(SIGINT);
}

static void sigterm_ends_it(void **state)
{
	(void)state;
	ends_on_signal(SIGTERM);
}

static void count_ends_it(void **state)
{
	(void)state;
	static const char *const none[] = { "--count", "0", "--interval", "86400", "--kind",
					    "sysv_shm", NULL };
	struct run_result r;
	struct watcher w;

	run_ipcscope(&r, "watch", "--count", "3", "--interval", "0.05", "--kind", "sysv_shm", NULL);
	assert_int_equal(r.status, 0);
	run_result_free(&r);

	/* No interval at all: it ends after the first snapshot, without waiting a day. */
	start_watch(&w, none);
	assert_int_equal(wait_watch(&w), 0);
	watcher_free(&w);
}

/* Each line it writes changes the pipe it writes to: that pipe is left out. */
static void own_output_is_left_out(void **state)
{
	(void)state;
	static const char *const args[] = { "--ndjson", "--initial", "--count", "0", "--kind",
					    "pipe", "--pid", "SELF", NULL };
	struct watcher w;

	start_watch(&w, args);
	char *line = next_line(&w);
	if (line)
		fail_msg("its own output reported: %s", line);
	assert_int_equal(wait_watch(&w), 0);
	watcher_free(&w);
}

/* Its reader gone while it waits: it notices without writing, and ends quietly. */
static void closed_output_ends_it_while_idle(void **state)
{
	(void)state;
	struct watcher w;

	watch_from_here(&w, "sysv_shm");
	close(w.out);
	w.out = -1;
	expect_quiet_end(&w);
}

/* Its reader gone before its first line: the write fails with EPIPE, not SIGPIPE, and it ends quietly. */
static void closed_output_ends_it_while_writing(void **state)
{
	(void)state;
	static const char *const args[] = { "--ndjson", "--initial", "--kind", "pipe", NULL };
	struct watcher w = { 0 };
	int out[2];

	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	close(out[0]);
	start_watch_to(&w, out[1], args);
	close(out[1]);
	expect_quiet_end(&w);
}

static void bad_input_is_a_usage_error(void **state)
{
	(void)state;
	const char *bad_intervals[] = { "0", "abc", "-1", "1e3", "", "0.0", "86401" };
	for (size_t i = 0; i < sizeof(bad_intervals) / sizeof(bad_intervals[0]); i++)
		expect_usage_error("invalid interval", "watch", "--interval", bad_intervals[i], NULL);
	expect_usage_error("invalid count '-1'", "watch", "--count", "-1", NULL);
	expect_usage_error("invalid count 'x'", "watch", "--count", "x", NULL);
	expect_usage_error("valid kinds: pipe, fifo", "watch", "--kind", "bogus", NULL);
	expect_usage_error("valid kinds: pipe, fifo", "watch", "pipes", NULL);
	expect_usage_error("invalid pid", "watch", "--pid", "0", NULL);
	expect_usage_error("Try 'ipcscope watch --help'", "watch", "--json", NULL);
}

/* Locks on these files, by this process; each an open file with flock(). */
#define NLOCKS 4

static char lock_dir[] = "/tmp/ipcscope-watch-XXXXXX";

/* The ID list --json gives the lock on `path`, or -1. */
static long listed_lock_id(cJSON *doc, const char *path)
{
	cJSON *o = find_object(doc, "lock", "name", path);
	return o ? strtol(text(o, "id"), NULL, 10) : -1;
}

/*
 * A lock's ID is its position in /proc/locks, so releasing the locks before
 * one renumbers it: it must stay the same lock, with a changed id at most,
 * never removed and made anew, nor matched with another file's lock.
 */
/*
 * Each lock but the survivor's reported removed, in whatever order the
 * events come: one snapshot reports them by identity, whose inodes the
 * file system may have handed out in any order.
 */
static void await_removals(struct watcher *w, char (*paths)[64], int n, int survivor)
{
	bool removed[NLOCKS] = { false };
	int left = n - 1;
	long long give_up = now_ms() + PATIENCE_MS;

	removed[survivor] = true;
	while (left > 0) {
		if (now_ms() > give_up)
			fail_msg("%d of the released locks not reported removed in %d s; it printed:\n%s",
				 left, PATIENCE_MS / 1000, w->log ? w->log : "");
		char *line = next_line(w);
		if (!line)
			fail_msg("watch ended before the released locks were removed; it printed:\n%s\nand on stderr:\n%s",
				 w->log ? w->log : "", error_output(w));
		cJSON *ev = parse_event(line);
		free(line);
		cJSON *o = cJSON_GetObjectItem(ev, "object");
		const char *name = text(o, "name");
		for (int i = 0; i < n; i++)
			if (!removed[i] && name && strcmp(name, paths[i]) == 0 &&
			    strcmp(text(ev, "event"), "removed") == 0 && strcmp(text(o, "kind"), "lock") == 0) {
				removed[i] = true;
				left--;
			}
		cJSON_Delete(ev);
	}
}

static void renumbered_lock_stays_itself(void **state)
{
	(void)state;
	char paths[NLOCKS][64];
	int fds[NLOCKS];
	struct run_result r;
	struct watcher w;

	assert_non_null(mkdtemp(lock_dir));
	/* Made last first: their inodes then tend to fall as the names rise, the
	 * order a name-ordered wait for the removals would trip on. */
	for (int i = NLOCKS - 1; i >= 0; i--) {
		snprintf(paths[i], sizeof(paths[i]), "%s/%d", lock_dir, i);
		fds[i] = open(paths[i], O_RDWR | O_CREAT | O_CLOEXEC, 0600);
		assert_true(fds[i] >= 0);
		assert_int_equal(flock(fds[i], LOCK_EX), 0);
	}
	/* The survivor is the last of ours in /proc/locks: the others are before it. */
	cJSON *doc = list_kind(&r, "lock");
	int survivor = 0;
	for (int i = 1; i < NLOCKS; i++)
		if (listed_lock_id(doc, paths[i]) > listed_lock_id(doc, paths[survivor]))
			survivor = i;
	cJSON_Delete(doc);
	run_result_free(&r);

	watch_from_here(&w, "lock");
	size_t from = w.log_len; /* before: the first snapshot's objects, all "created" */
	for (int i = 0; i < NLOCKS; i++)
		if (i != survivor)
			close(fds[i]);
	await_removals(&w, paths, NLOCKS, survivor);
	/* Every event up to the last release has been read once this shows. */
	int marker = shmget(MARK_KEY, 4096, IPC_CREAT | IPC_EXCL | 0600);
	assert_true(marker >= 0);
	cJSON_Delete(await_id(&w, "created", "sysv_shm", marker, NULL));
	assert_int_equal(kill(w.pid, SIGTERM), 0);
	assert_int_equal(wait_watch(&w), 0);

	char *events = strdup(w.log + from);
	for (char *save = NULL, *l = strtok_r(events, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		cJSON *ev = parse_event(l);
		const char *name = text(cJSON_GetObjectItem(ev, "object"), "name");
		cJSON *renamed = change_of(ev, "name");
		bool other_file_before = renamed && cJSON_IsString(cJSON_GetObjectItem(renamed, "old")) &&
					 strcmp(cJSON_GetObjectItem(renamed, "old")->valuestring,
						paths[survivor]) == 0;
		if ((name && strcmp(name, paths[survivor]) == 0 &&
		     (strcmp(text(ev, "event"), "changed") != 0 || renamed || change_of(ev, "inode"))) ||
		    other_file_before)
			fail_msg("the lock on %s did not stay itself:\n%s", paths[survivor], w.log);
		cJSON_Delete(ev);
	}
	free(events);
	watcher_free(&w);
	close(fds[survivor]);
	for (int i = 0; i < NLOCKS; i++)
		unlink(paths[i]);
	rmdir(lock_dir);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(objects_come_change_and_go, clean_keys, clean_keys),
		cmocka_unit_test_setup_teardown(objects_are_written_as_list_writes_them, clean_keys,
						clean_keys),
		cmocka_unit_test_setup_teardown(first_snapshot_is_silent, clean_keys, clean_keys),
		cmocka_unit_test_setup_teardown(sigint_ends_it, clean_keys, clean_keys),
		cmocka_unit_test_setup_teardown(sigterm_ends_it, clean_keys, clean_keys),
		cmocka_unit_test(count_ends_it),
		cmocka_unit_test(own_output_is_left_out),
		cmocka_unit_test_setup_teardown(closed_output_ends_it_while_idle, clean_keys,
						clean_keys),
		cmocka_unit_test(closed_output_ends_it_while_writing),
		cmocka_unit_test(bad_input_is_a_usage_error),
		cmocka_unit_test_setup_teardown(renumbered_lock_stays_itself, clean_keys, clean_keys),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
