/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A FIFO that a thread is blocked opening (a reader waiting for a writer)
 * has no descriptor yet, but is in use: stale does not list it, clean does
 * not remove it.  When ipcscope cannot tell which FIFO a blocked thread
 * opens, no FIFO is stale.  An unprivileged caller is told how many
 * processes it could not read.
 */
#include "runner.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the holder's thread opens, shared with the test across fork(). */
struct opener {
	char path[256];
	char cwd[256];   /* the holder's working directory, for a relative path */
	bool unmap_path; /* take the path's memory away once the thread waits */
	int tid;
};

static void *open_for_reading(void *path)
{
	open(path, O_RDONLY); /* no writer ever comes */
	return NULL;
}

/* The thread of ours that is not the main one: pthread_create() has made it. */
static int other_thread(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int tid = 0;

	while (d && (e = readdir(d)) && !tid)
		if (atoi(e->d_name) > 0 && atoi(e->d_name) != getpid())
			tid = atoi(e->d_name);
	if (d)
		closedir(d);
	return tid;
}

static void block_opening(void *arg)
{
	struct opener *o = arg;
	pthread_t t;

	if (o->cwd[0] && chdir(o->cwd) < 0)
		_exit(1);
	char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page == MAP_FAILED)
		_exit(1);
	strcpy(page, o->path);
	if (pthread_create(&t, NULL, open_for_reading, page) != 0)
		_exit(1);
	o->tid = other_thread();
	if (!o->tid || !await_blocked(o->tid, "wait_for_partner"))
		_exit(1);
	/* The kernel copied the path at entry: the open waits on. */
	if (o->unmap_path)
		munmap(page, 4096);
}

static pid_t start_opener(struct opener **shared, const char *path, const char *cwd, bool unmap)
{
	struct opener *o = mmap(NULL, sizeof(*o), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
				-1, 0);
	assert_true(o != MAP_FAILED);
	*o = (struct opener){ .unmap_path = unmap };
	snprintf(o->path, sizeof(o->path), "%s", path);
	snprintf(o->cwd, sizeof(o->cwd), "%s", cwd ? cwd : "");
	*shared = o;
	return spawn_holder(block_opening, o);
}

static void stop_opener(pid_t pid, struct opener *o)
{
	stop_holder(pid);
	munmap(o, sizeof(*o));
}

static char *path_in(const char *dir, const char *name)
{
	char *p;
	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	return p;
}

static const char *text(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static cJSON *stale_fifos(const char *dir)
{
	struct run_result r;
	run_ipcscope(&r, "stale", "--json", "--kind", "fifo", "--path", dir, NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	run_result_free(&r);
	return doc;
}

/* clean --yes over dir, as root and past the processes no one may read (PID 1 here). */
static cJSON *clean_fifos(const char *dir)
{
	struct run_result r;
	run_ipcscope(&r, "clean", "--yes", "--json", "--ignore-unreadable", "--kind", "fifo", "--path",
		     dir, NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = cJSON_Parse(r.out);
	if (!doc)
		fail_msg("not JSON: %s %s", r.out, r.err);
	run_result_free(&r);
	return doc;
}

/* The clean result for the FIFO at path, or NULL. */
static cJSON *result_for(cJSON *report, const char *path)
{
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(report, "results"))
	{
		const char *name = text(cJSON_GetObjectItem(o, "object"), "name");
		if (name && strcmp(name, path) == 0)
			return o;
	}
	return NULL;
}

static void a_fifo_a_reader_is_blocked_opening_is_kept(void **state)
{
	(void)state;
	char dir[] = "/tmp/ipcscope-fifo-open.XXXXXX";
	struct opener *o;
	struct stat st;

	need_root("clean must be able to remove the one left behind");
	assert_non_null(mkdtemp(dir));
	char *ctl = path_in(dir, "ctl.fifo"), *left = path_in(dir, "left.fifo");
	assert_int_equal(mkfifo(ctl, 0600), 0);
	assert_int_equal(mkfifo(left, 0600), 0);
	/* `read line < ctl.fifo` in a loop, from the directory: a relative path. */
	pid_t holder = start_opener(&o, "ctl.fifo", dir, false);

	cJSON *doc = stale_fifos(dir);
	assert_non_null(find_object(doc, "fifo", "name", left));
	assert_null(find_object(doc, "fifo", "name", ctl));
	cJSON_Delete(doc);

	doc = clean_fifos(dir);
	assert_string_equal(text(result_for(doc, left), "action"), "removed");
	assert_null(result_for(doc, ctl));
	cJSON_Delete(doc);
	assert_int_equal(lstat(ctl, &st), 0);
	assert_int_equal(lstat(left, &st), -1);
	assert_true(blocked_in(o->tid, "wait_for_partner")); /* undisturbed: still no writer */

	stop_opener(holder, o);
	unlink(ctl);
	rmdir(dir);
	free(ctl);
	free(left);
}

/*
 * A thread blocked opening a FIFO whose path no longer leads to it (renamed
 * away), or whose path cannot be read (its memory unmapped since): it may
 * be opening any FIFO, so none is stale, and the warning says why.
 */
static void untold_opener_keeps_every_fifo(bool unmap, const char *why)
{
	char dir[] = "/tmp/ipcscope-fifo-open.XXXXXX";
	struct opener *o;
	struct stat st;

	need_root("clean must be able to remove what is left");
	assert_non_null(mkdtemp(dir));
	char *ctl = path_in(dir, "ctl.fifo"), *moved = path_in(dir, "moved.fifo");
	char *left = path_in(dir, "left.fifo");
	assert_int_equal(mkfifo(ctl, 0600), 0);
	assert_int_equal(mkfifo(left, 0600), 0);
	pid_t holder = start_opener(&o, ctl, NULL, unmap);
	if (!unmap)
		assert_int_equal(rename(ctl, moved), 0);
	const char *kept = unmap ? ctl : moved;

	cJSON *doc = stale_fifos(dir);
	assert_null(find_object(doc, "fifo", "name", kept));
	assert_null(find_object(doc, "fifo", "name", left));
	if (!has_warning(doc, why) || !has_warning(doc, "blocked opening a FIFO that cannot be told"))
		fail_msg("no warning saying '%s'", why);
	cJSON_Delete(doc);

	doc = clean_fifos(dir);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "results")), 0);
	cJSON_Delete(doc);
	assert_int_equal(lstat(kept, &st), 0);
	assert_int_equal(lstat(left, &st), 0);

	/* Once it is gone, both are stale again. */
	stop_opener(holder, o);
	doc = stale_fifos(dir);
	assert_non_null(find_object(doc, "fifo", "name", kept));
	assert_non_null(find_object(doc, "fifo", "name", left));
	cJSON_Delete(doc);
	unlink(kept);
	unlink(left);
	rmdir(dir);
	free(ctl);
	free(moved);
	free(left);
}

static void an_opener_renamed_away_from_keeps_every_fifo(void **state)
{
	(void)state;
	untold_opener_keeps_every_fifo(false, "ctl.fifo cannot be found from it");
}

static void an_opener_whose_path_cannot_be_read_keeps_every_fifo(void **state)
{
	(void)state;
	untold_opener_keeps_every_fifo(true, "its path could not be read");
}

/* The plan lists the FIFO; while clean asks, a reader starts to wait in open(). */
static void an_opener_after_the_plan_is_skipped(void **state)
{
	(void)state;
	char dir[] = "/tmp/ipcscope-fifo-open.XXXXXX";
	struct opener *o;
	struct stat st;

	need_root("clean must be able to remove what is left");
	assert_non_null(mkdtemp(dir));
	char *ctl = path_in(dir, "ctl.fifo");
	assert_int_equal(mkfifo(ctl, 0600), 0);
	int master;
	struct winsize wide = { .ws_row = 50, .ws_col = 400 }; /* the whole path and reason */
	pid_t clean = forkpty(&master, NULL, NULL, &wide);
	assert_true(clean >= 0);
	if (clean == 0) {
		execl(ipcscope_bin, ipcscope_bin, "clean", "--ignore-unreadable", "--kind", "fifo",
		      "--path", dir, NULL);
		_exit(127);
	}
	char *plan = read_until_prompt(master);
	if (!strstr(plan, ctl))
		fail_msg("the plan lacks %s: %s", ctl, plan);
	pid_t holder = start_opener(&o, ctl, NULL, false);
	assert_int_equal(write(master, "y\n", 2), 2);

	char out[65536], want[64];
	size_t len = 0;
	ssize_t n;
	while ((n = read(master, out + len, sizeof(out) - 1 - len)) > 0)
		len += (size_t)n;
	out[len] = '\0';
	int status;
	assert_int_equal(waitpid(clean, &status, 0), clean);
	close(master);
	snprintf(want, sizeof(want), "a process (%d/", (int)holder);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || strstr(out, "removed") ||
	    !strstr(out, want) || !strstr(out, "is blocked opening it"))
		fail_msg("clean said: %s", out);
	assert_int_equal(lstat(ctl, &st), 0);
	assert_true(blocked_in(o->tid, "wait_for_partner"));

	stop_opener(holder, o);
	unlink(ctl);
	rmdir(dir);
	free(ctl);
}

/*
 * nobody's FIFO, which a root process is blocked opening: nobody cannot
 * read root's processes, so stale says how many it could not read, and
 * clean skips the FIFO, saying so.
 */
static void another_user_is_told_what_it_could_not_read(void **state)
{
	(void)state;
	char dir[] = "/tmp/ipcscope-fifo-open.XXXXXX";
	struct opener *o;
	struct stat st;
	struct run_result r;

	need_root("to block a root process on a FIFO of another user");
	need_setpriv();
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chown(dir, 65534, 65534), 0);
	char *ctl = path_in(dir, "ctl.fifo");
	assert_int_equal(mkfifo(ctl, 0600), 0);
	assert_int_equal(chown(ctl, 65534, 65534), 0);
	pid_t holder = start_opener(&o, ctl, NULL, false);

	char *stale[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
			  (char *)ipcscope_bin, "stale", "--json", "--kind", "fifo", "--path", dir,
			  NULL };
	run_command(stale, &r);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	int unreadable = cJSON_GetArraySize(cJSON_GetObjectItem(doc, "unreadable"));
	assert_true(unreadable > 0);
	char want[128];
	snprintf(want, sizeof(want), "no process that could be read has it open (%d could not be)",
		 unreadable);
	cJSON *fifo = find_object(doc, "fifo", "name", ctl);
	assert_non_null(fifo);
	assert_string_equal(text(cJSON_GetObjectItem(fifo, "stale"), "reason"), want);
	cJSON_Delete(doc);
	run_result_free(&r);

	char *clean[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--",
			  (char *)ipcscope_bin, "clean", "--yes", "--json", "--kind", "fifo", "--path",
			  dir, NULL };
	run_command(clean, &r);
	assert_int_equal(r.status, 0);
	doc = cJSON_Parse(r.out);
	assert_non_null(doc);
	cJSON *result = result_for(doc, ctl);
	if (!result)
		fail_msg("clean said nothing of %s:\n%s\nand on stderr:\n%s", ctl, r.out, r.err);
	assert_string_equal(text(result, "action"), "skipped");
	assert_non_null(strstr(text(result, "reason"), "could not be read"));
	cJSON_Delete(doc);
	run_result_free(&r);
	assert_int_equal(lstat(ctl, &st), 0);
	assert_true(blocked_in(o->tid, "wait_for_partner"));

	stop_opener(holder, o);
	unlink(ctl);
	rmdir(dir);
	free(ctl);
}

/* Where every process could be read (a PID namespace of its own), the plain words. */
static void every_process_read_gives_the_plain_reason(void **state)
{
	(void)state;
	char dir[] = "/tmp/ipcscope-fifo-open.XXXXXX";
	struct run_result r;

	need_root("to run clean in a PID namespace of its own");
	need_private_namespaces();
	assert_non_null(mkdtemp(dir));
	char *left = path_in(dir, "left.fifo");
	assert_int_equal(mkfifo(left, 0600), 0);
	char *argv[] = { "unshare", "--pid", "--fork", "--mount-proc", "--", (char *)ipcscope_bin,
			 "stale", "--json", "--kind", "fifo", "--path", dir, NULL };
	run_command(argv, &r);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(doc, "unreadable")), 0);
	cJSON *fifo = find_object(doc, "fifo", "name", left);
	assert_non_null(fifo);
	assert_string_equal(text(cJSON_GetObjectItem(fifo, "stale"), "reason"),
			    "no process has it open");
	cJSON_Delete(doc);
	run_result_free(&r);
	unlink(left);
	rmdir(dir);
	free(left);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_fifo_a_reader_is_blocked_opening_is_kept),
		cmocka_unit_test(an_opener_after_the_plan_is_skipped),
		cmocka_unit_test(an_opener_renamed_away_from_keeps_every_fifo),
		cmocka_unit_test(an_opener_whose_path_cannot_be_read_keeps_every_fifo),
		cmocka_unit_test(another_user_is_told_what_it_could_not_read),
		cmocka_unit_test(every_process_read_gives_the_plain_reason),
	};
	return run_integration_tests(argc, argv, tests, sizeof(tests) / sizeof(tests[0]));
}
