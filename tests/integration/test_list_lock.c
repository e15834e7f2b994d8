/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * File locks taken here by real processes: who holds them, who waits, and a
 * deadlock that `ipcscope locks --deadlocks` must report.
 */
#include "runner.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static char dir[64];

static int setup_group(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/ipcscope-lock-test.XXXXXX");
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

/* A file of our own in the test directory; its path in *path. */
static int open_file(const char *name, int flags, char *path, size_t size)
{
	snprintf(path, size, "%s/%s", dir, name);
	int fd = open(path, flags | O_CREAT | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	return fd;
}

/* The lock on `path` that is (or is not) a blocked request. */
static cJSON *lock_on(cJSON *doc, const char *path, bool blocked)
{
	cJSON *o;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		cJSON *name = cJSON_GetObjectItem(o, "name");
		if (strcmp(cJSON_GetObjectItem(o, "kind")->valuestring, "lock") == 0 &&
		    cJSON_IsString(name) && strcmp(name->valuestring, path) == 0 &&
		    cJSON_IsBool(cJSON_GetObjectItem(o, "blocked")) &&
		    cJSON_IsTrue(cJSON_GetObjectItem(o, "blocked")) == blocked)
			return o;
	}
	return NULL;
}

static const char *text(cJSON *o, const char *key)
{
	cJSON *v = cJSON_GetObjectItem(o, key);
	if (!cJSON_IsString(v))
		fail_msg("%s is not a string", key);
	return v->valuestring;
}

/* "mode" is the permission bits every object has, which a lock does not show: null. */
static void assert_permission_mode_unknown(cJSON *o)
{
	cJSON *mode = cJSON_GetObjectItem(o, "mode");
	assert_non_null(mode);
	assert_true(cJSON_IsNull(mode));
}

static int nholders(cJSON *o)
{
	return cJSON_GetArraySize(cJSON_GetObjectItem(o, "holders"));
}

/* Listings until a request on `path` shows up blocked: the child needs a moment to block. */
static cJSON *list_until_waiting(struct run_result *r, const char *path)
{
	for (int tries = 0; tries < 100; tries++) {
		cJSON *doc = list_kind(r, "lock");
		cJSON *req = lock_on(doc, path, true);
		if (req && nholders(req) > 0)
			return doc;
		cJSON_Delete(doc);
		run_result_free(r);
		usleep(20 * 1000);
	}
	fail_msg("no blocked request on %s", path);
	return NULL;
}

/*
 * Locks are not namespaced: another program on the machine may be
 * deadlocked too.  The cycle that has `pid` in it, and how many others.
 */
static cJSON *cycle_with(cJSON *doc, pid_t pid, int *others)
{
	cJSON *c, *found = NULL;
	*others = 0;
	cJSON_ArrayForEach(c, cJSON_GetObjectItem(doc, "deadlocks"))
	{
		cJSON *step, *cycle = cJSON_GetObjectItem(c, "cycle");
		bool ours = false;
		cJSON_ArrayForEach(step, cycle)
			ours |= json_number(step, "pid") == pid;
		if (ours && !found)
			found = cycle;
		else
			(*others)++;
	}
	return found;
}

/* `locks --deadlocks --json`, which must report a deadlock, and the cycle `pid` is in. */
static cJSON *reported_cycle(struct run_result *r, cJSON **doc, pid_t pid, int *others)
{
	run_ipcscope(r, "locks", "--deadlocks", "--json", NULL);
	assert_int_equal(r->status, 1);
	*doc = cJSON_Parse(r->out);
	assert_non_null(*doc);
	cJSON *cycle = cycle_with(*doc, pid, others);
	if (!cycle)
		fail_msg("no cycle with %d in:\n%s", pid, r->out);
	return cycle;
}

static void flock_with_a_waiter(void **state)
{
	(void)state;
	char path[128];
	struct run_result r;
	int fd = open_file("flock", O_RDWR, path, sizeof(path));
	assert_int_equal(flock(fd, LOCK_EX), 0);

	pid_t waiter = fork_holder();
	if (waiter == 0) {
		close(fd); /* the lock's description is ours, not the waiter's */
		/* Another descriptor on the file: only the one it blocks on is the request's. */
		int other = open(path, O_RDONLY), mine = open(path, O_RDWR);
		if (other < 0 || dup2(other, 39) != 39 || mine < 0 || dup2(mine, 40) != 40 ||
		    close(mine) != 0 || close(other) != 0 || flock(40, LOCK_EX) != 0)
			_exit(1);
		pause();
		_exit(0);
	}
	cJSON *doc = list_until_waiting(&r, path);
	cJSON *lock = lock_on(doc, path, false), *req = lock_on(doc, path, true);
	assert_non_null(lock);
	assert_string_equal(text(lock, "type"), "flock");
	assert_string_equal(text(lock, "lock_mode"), "write");
	assert_permission_mode_unknown(lock);
	assert_int_equal(json_number(lock, "start"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(lock, "end")));
	assert_int_equal(json_number(lock, "pid"), getpid());
	assert_int_equal(nholders(lock), 1);
	assert_non_null(find_holder(lock, getpid(), fd));
	assert_false(cJSON_IsTrue(cJSON_GetObjectItem(lock, "deadlock")));

	cJSON *waiters = cJSON_GetObjectItem(lock, "waiters");
	assert_int_equal(cJSON_GetArraySize(waiters), 1);
	cJSON *w = cJSON_GetArrayItem(waiters, 0);
	assert_int_equal(json_number(w, "pid"), waiter);
	assert_string_equal(text(w, "lock_mode"), "write");
	assert_null(cJSON_GetObjectItem(w, "mode"));
	assert_int_equal(json_number(w, "start"), 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(w, "end")));
	assert_true(cJSON_IsString(cJSON_GetObjectItem(w, "command")));

	/* The blocked side: which lock it waits for, through which descriptor. */
	assert_string_equal(text(req, "blocked_by"), text(lock, "id"));
	assert_int_equal(nholders(req), 1);
	assert_non_null(find_holder(req, waiter, 40));
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(req, "waiters")));
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(waiter);
	close(fd);
}

/* A lock a child takes on `path` through descriptor `fd` with fcntl(cmd). */
struct range_lock {
	char path[128];
	int fd, cmd;
	short type;
	off_t start, len;
};

static void take_range_lock(void *arg)
{
	const struct range_lock *rl = arg;
	int fd = open(rl->path, O_RDWR);
	struct flock fl = { .l_type = rl->type, .l_whence = SEEK_SET, .l_start = rl->start,
			    .l_len = rl->len };
	if (fd < 0 || dup2(fd, rl->fd) != rl->fd || close(fd) != 0 || fcntl(rl->fd, rl->cmd, &fl) != 0)
		_exit(1);
}

/* A POSIX lock belongs to its process, and is held through its descriptors on the file. */
static void posix_lock_on_a_range(void **state)
{
	(void)state;
	struct run_result r;
	struct range_lock rl = { .fd = 41, .cmd = F_SETLK, .type = F_WRLCK, .start = 100, .len = 50 };
	close(open_file("posix", O_RDWR, rl.path, sizeof(rl.path)));
	const char *range_path = rl.path;
	pid_t holder = spawn_holder(take_range_lock, &rl);
	/* Open here too, but not locked here: not a holder. */
	int bystander = open(range_path, O_RDONLY | O_CLOEXEC);
	assert_true(bystander >= 0);

	cJSON *doc = list_kind(&r, "lock");
	cJSON *lock = lock_on(doc, range_path, false);
	if (!lock)
		fail_msg("no lock on %s in:\n%s", range_path, r.out);
	assert_string_equal(text(lock, "type"), "posix");
	assert_string_equal(text(lock, "lock_mode"), "write");
	assert_permission_mode_unknown(lock);
	assert_int_equal(json_number(lock, "start"), 100);
	assert_int_equal(json_number(lock, "end"), 149);
	assert_int_equal(json_number(lock, "pid"), holder);
	assert_int_equal(nholders(lock), 1);
	cJSON *h = find_holder(lock, holder, 41);
	assert_non_null(h);
	assert_string_equal(text(h, "access"), "rw");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(lock, "waiters")), 0);
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(holder);
	close(bystander);
}

/*
 * An OFD lock shows pid -1 in /proc/locks; its holder comes from fdinfo.
 * An OFD request shows -1 too; its process is the one blocked in fcntl().
 */
static void ofd_lock_and_request(void **state)
{
	(void)state;
	struct run_result r;
	struct range_lock rl = { .fd = 42, .cmd = F_OFD_SETLK, .type = F_RDLCK, .start = 0, .len = 10 };
	close(open_file("ofd", O_RDWR, rl.path, sizeof(rl.path)));
	const char *ofd_path = rl.path;
	pid_t holder = spawn_holder(take_range_lock, &rl);
	pid_t waiter = fork_holder();
	if (waiter == 0) {
		int fd = open(ofd_path, O_RDWR);
		struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
		if (fd < 0 || dup2(fd, 43) != 43 || close(fd) != 0)
			_exit(1);
		fcntl(43, F_OFD_SETLKW, &fl);
		pause();
		_exit(0);
	}

	cJSON *doc = list_until_waiting(&r, ofd_path);
	cJSON *lock = lock_on(doc, ofd_path, false), *req = lock_on(doc, ofd_path, true);
	assert_non_null(lock);
	assert_string_equal(text(lock, "type"), "ofd");
	assert_string_equal(text(lock, "lock_mode"), "read");
	assert_permission_mode_unknown(lock);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(lock, "pid")));
	assert_int_equal(json_number(lock, "end"), 9);
	assert_int_equal(nholders(lock), 1);
	assert_non_null(find_holder(lock, holder, 42));

	assert_true(cJSON_IsNull(cJSON_GetObjectItem(req, "pid")));
	assert_string_equal(text(req, "lock_mode"), "write");
	assert_permission_mode_unknown(req);
	assert_int_equal(nholders(req), 1);
	assert_non_null(find_holder(req, waiter, 43));
	cJSON *w = cJSON_GetArrayItem(cJSON_GetObjectItem(lock, "waiters"), 0);
	assert_non_null(w);
	assert_int_equal(json_number(w, "pid"), waiter);
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(waiter);
	stop_holder(holder);
}

static void nothing(void *arg)
{
	(void)arg;
}

/* One shared lock, one open file description, two processes holding it. */
static void read_lock_shared_by_two(void **state)
{
	(void)state;
	char path[128];
	struct run_result r;
	int fd = open_file("shared", O_RDONLY, path, sizeof(path));
	assert_int_equal(fcntl(fd, F_SETFD, 0), 0); /* the child inherits it */
	assert_int_equal(flock(fd, LOCK_SH), 0);
	pid_t child = spawn_holder(nothing, NULL);
	/* Not into ipcscope itself, which would then hold it too. */
	assert_int_equal(fcntl(fd, F_SETFD, FD_CLOEXEC), 0);

	cJSON *doc = list_kind(&r, "lock");
	cJSON *lock = lock_on(doc, path, false);
	if (!lock)
		fail_msg("no lock on %s in:\n%s", path, r.out);
	assert_string_equal(text(lock, "lock_mode"), "read");
	assert_int_equal(nholders(lock), 2);
	cJSON *mine = find_holder(lock, getpid(), fd), *its = find_holder(lock, child, fd);
	assert_non_null(mine);
	assert_non_null(its);
	assert_string_equal(text(its, "access"), "r");
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(child);
	close(fd);
}

/* Locks one file, tells the parent, waits for the go, then blocks on the other. */
static pid_t cross_locker(const char *first, const char *second, int ready, int go)
{
	pid_t pid = fork_holder();
	if (pid == 0) {
		int a = open(first, O_RDWR), b = open(second, O_RDWR);
		char c;
		if (a < 0 || b < 0 || flock(a, LOCK_EX) != 0 || write(ready, "x", 1) != 1 ||
		    read(go, &c, 1) != 1)
			_exit(1);
		flock(b, LOCK_EX); /* never returns: the other holds it and waits for ours */
		_exit(0);
	}
	return pid;
}

static void a_real_deadlock(void **state)
{
	(void)state;
	char x[128], y[128], c;
	struct run_result r;
	int ready[2], go[2];

	close(open_file("x", O_RDWR, x, sizeof(x)));
	close(open_file("y", O_RDWR, y, sizeof(y)));
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(go), 0);
	pid_t one = cross_locker(x, y, ready[1], go[0]);
	pid_t two = cross_locker(y, x, ready[1], go[0]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(write(go[1], "xx", 2), 2);

	/* Both blocked: each lock and each request is part of the cycle. */
	cJSON *doc = list_until_waiting(&r, x);
	cJSON_Delete(doc);
	run_result_free(&r);
	doc = list_until_waiting(&r, y);
	const char *paths[] = { x, y };
	for (int i = 0; i < 2; i++) {
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(lock_on(doc, paths[i], false), "deadlock")));
		assert_true(cJSON_IsTrue(cJSON_GetObjectItem(lock_on(doc, paths[i], true), "deadlock")));
	}
	cJSON_Delete(doc);
	run_result_free(&r);

	run_ipcscope(&r, "locks", "--deadlocks", NULL);
	assert_int_equal(r.status, 1);
	char want[64];
	snprintf(want, sizeof(want), "%d/", one);
	assert_non_null(strstr(r.out, want));
	snprintf(want, sizeof(want), "%d/", two);
	assert_non_null(strstr(r.out, want));
	assert_non_null(strstr(r.out, x));
	assert_non_null(strstr(r.out, y));
	assert_non_null(strstr(r.out, " (flock write "));
	run_result_free(&r);

	int others;
	cJSON *cycle = reported_cycle(&r, &doc, one, &others);
	assert_int_equal(cJSON_GetArraySize(cycle), 2);
	/* Lowest pid first; each waits for a lock on the file the other locked first. */
	cJSON *first = cJSON_GetArrayItem(cycle, 0), *second = cJSON_GetArrayItem(cycle, 1);
	assert_int_equal(json_number(first, "pid"), one < two ? one : two);
	assert_int_equal(json_number(second, "pid"), one < two ? two : one);
	assert_string_equal(text(first, "name"), one < two ? y : x);
	assert_string_equal(text(second, "name"), one < two ? x : y);
	assert_string_equal(text(first, "type"), "flock");
	assert_string_equal(text(first, "lock_mode"), "write");
	assert_null(cJSON_GetObjectItem(first, "mode"));
	cJSON_Delete(doc);
	run_result_free(&r);

	stop_holder(one);
	stop_holder(two);
	run_ipcscope(&r, "locks", "--deadlocks", NULL);
	snprintf(want, sizeof(want), "%d/", one);
	assert_null(strstr(r.out, want));
	if (!others) { /* nobody else's deadlock either: the all-clear */
		assert_int_equal(r.status, 0);
		assert_string_equal(r.out, "no deadlock\n");
	}
	run_result_free(&r);
	for (int i = 0; i < 2; i++) {
		close(ready[i]);
		close(go[i]);
	}
}

/* Two open file descriptions of one file in one process: its second flock waits for its first. */
static void waiting_for_itself(void **state)
{
	(void)state;
	char path[128];
	struct run_result r;
	close(open_file("self", O_RDWR, path, sizeof(path)));
	pid_t stuck = fork_holder();
	if (stuck == 0) {
		int a = open(path, O_RDWR), b = open(path, O_RDWR);
		if (a < 0 || b < 0 || flock(a, LOCK_EX) != 0)
			_exit(1);
		flock(b, LOCK_EX);
		_exit(0);
	}
	cJSON *doc = list_until_waiting(&r, path);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(lock_on(doc, path, false), "deadlock")));
	cJSON_Delete(doc);
	run_result_free(&r);

	int others;
	cJSON *cycle = reported_cycle(&r, &doc, stuck, &others);
	assert_int_equal(cJSON_GetArraySize(cycle), 1);
	assert_int_equal(json_number(cJSON_GetArrayItem(cycle, 0), "pid"), stuck);
	cJSON_Delete(doc);
	run_result_free(&r);
	stop_holder(stuck);
}

/*
 * Seen by a user who may read none of our descriptors: the lock is still
 * listed, held by the pid /proc/locks gives, and named by its mount point.
 */
static void lock_of_a_process_we_may_not_read(void **state)
{
	(void)state;
	char path[128], self[16];
	struct run_result r;
	need_root("to become a user that may not read our descriptors");
	need_setpriv();
	int fd = open_file("unreadable", O_RDWR, path, sizeof(path));
	assert_int_equal(flock(fd, LOCK_EX), 0);
	char *argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
			 (char *)ipcscope_bin, "list", "--json", "lock", NULL };
	run_command(argv, &r);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	snprintf(self, sizeof(self), "%d", getpid());
	cJSON *o, *lock = NULL;
	cJSON_ArrayForEach(o, cJSON_GetObjectItem(doc, "objects"))
	{
		cJSON *pid = cJSON_GetObjectItem(o, "pid");
		if (cJSON_IsNumber(pid) && pid->valueint == getpid() &&
		    strcmp(text(o, "type"), "flock") == 0)
			lock = o;
	}
	if (!lock)
		fail_msg("our flock not listed in:\n%s", r.out);
	const char *name = text(lock, "name");
	assert_true(name[0] == '/');
	assert_non_null(strstr(name, "…"));
	assert_null(strstr(name, "unreadable")); /* the path itself could not be known */
	assert_int_equal(nholders(lock), 1);
	cJSON *h = cJSON_GetArrayItem(cJSON_GetObjectItem(lock, "holders"), 0);
	assert_int_equal(json_number(h, "pid"), getpid());
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(h, "fd")));
	assert_string_equal(text(h, "via"), "lock");
	assert_string_equal(text(h, "access"), "w");
	cJSON_Delete(doc);
	run_result_free(&r);
	close(fd);
}

static int locks_sock = -1;

/* A socket file mounted over /proc/locks makes open() fail, even for root. */
static int hide_proc_locks(void **state)
{
	(void)state;
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	if (!private_namespaces())
		return 0;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s/locks.sock", dir);
	locks_sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (locks_sock < 0 || bind(locks_sock, (struct sockaddr *)&addr, sizeof(addr)) != 0)
		return -1;
	return mount(addr.sun_path, "/proc/locks", NULL, MS_BIND, NULL);
}

static int show_proc_locks(void **state)
{
	(void)state;
	if (locks_sock < 0)
		return 0;
	close(locks_sock);
	locks_sock = -1;
	return umount2("/proc/locks", MNT_DETACH);
}

/*
 * /proc/locks that cannot be read fails the lock kind alone: a listing of
 * every kind still shows the rest and succeeds, and the deadlock check,
 * which then has no answer, says neither "no deadlock" nor exit 0.
 */
static void unreadable_proc_locks(void **state)
{
	(void)state;
	struct run_result r;
	int pipe_fds[2];

	need_private_namespaces();
	assert_int_equal(pipe(pipe_fds), 0);
	run_ipcscope(&r, "list", "--json", NULL);
	assert_int_equal(r.status, 0);
	cJSON *doc = parse_document(r.out);
	assert_true(has_warning(doc, "lock: cannot read /proc/locks"));
	assert_non_null(find_held(cJSON_GetObjectItem(doc, "objects"), "pipe", getpid(),
				  pipe_fds[0]));
	cJSON_Delete(doc);
	run_result_free(&r);
	close(pipe_fds[0]);
	close(pipe_fds[1]);

	run_ipcscope(&r, "locks", "--deadlocks", NULL);
	assert_int_not_equal(r.status, 0);
	assert_string_equal(r.out, "");
	assert_non_null(strstr(r.err, "cannot read /proc/locks"));
	run_result_free(&r);
}

/* The check's own options, together or apart; anything else is a usage error. */
static void deadlock_check_options(void **state)
{
	(void)state;
	struct run_result r;
	static const char *const good[][2] = { { "-dJ", NULL }, { "-Jd", NULL }, { "--dead", "-J" } };
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		run_ipcscope(&r, "locks", good[i][0], good[i][1], NULL);
		if (r.status != 0 && r.status != 1)
			fail_msg("locks %s: exit %d: %s", good[i][0], r.status, r.err);
		cJSON *doc = cJSON_Parse(r.out);
		assert_non_null(doc);
		assert_true(cJSON_IsArray(cJSON_GetObjectItem(doc, "deadlocks")));
		cJSON_Delete(doc);
		run_result_free(&r);
	}
	static const char *const bad[][2] = { { "-dx", NULL }, { "--deadlocks", "lock" },
					      { "--deadlocks", "--pid=1" } };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		run_ipcscope(&r, "locks", bad[i][0], bad[i][1], NULL);
		assert_int_equal(r.status, 2);
		assert_non_null(strstr(r.err, "locks"));
		assert_string_equal(r.out, "");
		run_result_free(&r);
	}
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flock_with_a_waiter),
		cmocka_unit_test(posix_lock_on_a_range),
		cmocka_unit_test(ofd_lock_and_request),
		cmocka_unit_test(read_lock_shared_by_two),
		cmocka_unit_test(a_real_deadlock),
		cmocka_unit_test(waiting_for_itself),
		cmocka_unit_test(lock_of_a_process_we_may_not_read),
		cmocka_unit_test_setup_teardown(unreadable_proc_locks, hide_proc_locks,
						show_proc_locks),
		cmocka_unit_test(deadlock_check_options),
	};
	return run_integration_group(argc, argv, tests, sizeof(tests) / sizeof(tests[0]),
				     setup_group, teardown_group);
}
