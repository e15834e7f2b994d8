/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_TEST_RUNNER_H
#define IPCSCOPE_TEST_RUNNER_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

/* The ipcscope binary under test: argv[1] of every integration test. */
extern const char *ipcscope_bin;

struct run_result {
	int status; /* exit status, or 128 + signal */
	char *out;
	char *err;
};

/* Run argv (argv[0] is looked up in PATH unless it has a slash); NULL-terminated. */
void run_command(char *const argv[], struct run_result *r);
/* Run ipcscope with the given arguments, NULL-terminated. */
void run_ipcscope(struct run_result *r, ...);
void run_ipcscope_v(struct run_result *r, va_list ap);
void run_result_free(struct run_result *r);
/* Run ipcscope with the arguments after `needle` (NULL-terminated): it must
 * exit 2, print nothing on stdout, and say `needle` on stderr. */
void expect_usage_error(const char *needle, ...);

/* Parse a --json document and check its envelope; fails the test if it is not one. */
cJSON *parse_document(const char *text);

/* The object of `kind` that process `pid` holds through descriptor `fd`, or NULL. */
cJSON *find_held(cJSON *objects, const char *kind, pid_t pid, int fd);
/* The holder entry of `pid` and `fd` in an object, or NULL. */
cJSON *find_holder(cJSON *object, pid_t pid, int fd);

/* `ipcscope list --json KIND`, which must exit 0; the parsed document. */
cJSON *list_kind(struct run_result *r, const char *kind);
/* The object of `kind` whose string `field` ("id", "name") is `value`, or NULL. */
cJSON *find_object(cJSON *doc, const char *kind, const char *field, const char *value);
/* The inode of /proc/PID/ns/NAME ("mnt", "ipc", "net"; pid 0: the test's own); 0 if unreadable. */
unsigned long long namespace_inode(pid_t pid, const char *name);
/* As find_object, among the objects whose namespace fields ("mntns", "ipcns", "netns"),
 * those they have, are the namespaces of process `pid` (0: the test's own): ipcscope lists
 * every namespace's objects, and other programs may have made ones of the same name. */
cJSON *find_object_in(cJSON *doc, pid_t pid, const char *kind, const char *field,
		      const char *value);
/* The holder of `pid` through a mapping (fd null) with this access, or NULL. */
cJSON *find_map_holder(cJSON *object, pid_t pid, const char *access);
/* Whether a document's "warnings" has one that contains `text`. */
bool has_warning(cJSON *doc, const char *text);
/* Standard, padded base64 (as "name_bytes" is written) decoded into out; its length,
 * or -1 when text is not that. */
long decode_base64(const char *text, unsigned char *out, size_t size);
/* A field that must be a number; fails the test otherwise. */
double json_number(cJSON *object, const char *key);

/*
 * What ctest shows is the truth about this machine: a program whose cases
 * could not all run here exits 77 (SKIP_RETURN_CODE), not 0.  skip_because()
 * prints "skip: REASON"; in a case it skips that case, and the program then
 * exits 77 unless a case failed; outside the cases it exits 77 at once.
 */
void skip_because(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Skips unless hermetic.sh gave us namespaces of our own, which takes root. */
void need_private_namespaces(void);
/* Skips unless we are root; `why` says what for. */
void need_root(const char *why);
/* Skips unless setpriv(1) is there to run a command as another user. */
void need_setpriv(void);

/*
 * Wait until thread `tid` (a process's pid for its main thread) sleeps in
 * the kernel function `wchan`, as /proc/TID/wchan names it, e.g.
 * "wait_for_partner" for an open() of a FIFO that waits for the other end.
 * blocked_in() looks once; await_blocked() gives up after BLOCK_PATIENCE_S
 * and returns false, for a child that cannot fail the test itself;
 * wait_until_blocked() fails the test then, saying where the thread was.
 */
#define BLOCK_PATIENCE_S 10
bool blocked_in(pid_t tid, const char *wchan);
bool await_blocked(pid_t tid, const char *wchan);
void wait_until_blocked(pid_t tid, const char *wchan);

/*
 * ipcscope lists the objects of every namespace on the machine, so other
 * programs' containers show too: a test that counts counts only its own.
 * own_namespace() is the inode of our namespace of a type ("ipc", "net",
 * "mnt") as ipcscope names it; in_own_namespaces() says whether each of a
 * listed object's "ipcns", "netns" and "mntns" that it has is ours.
 */
uint64_t own_namespace(const char *type);
bool in_own_namespaces(cJSON *object);
/*
 * Skips unless ipcscope takes --ns self: without it, clean judges the
 * objects of every namespace on the machine, and would remove other
 * programs' leftovers.
 */
void need_ns_self(void);
/*
 * The next SysV segment made in the IPC namespace we are in gets this id
 * (kernel.shm_next_id), so that ids collide across namespaces on purpose.
 * Only for a namespace of the test's own.  False when it cannot be set;
 * a holder process may call it too.
 */
bool set_next_shmid(int id);

/* Setups: a new network namespace starts with loopback down. */
int bring_up_loopback(void **state);
/* The inode of a process's network namespace (pid 0: ours), as "netns" gives it; fails the test
 * when it cannot be read. */
double netns_of(pid_t pid);
/* Whether hermetic.sh gave us namespaces of our own, where mounting disturbs nobody. */
bool private_namespaces(void);

/* fork() for a child that holds objects: it dies with the test process. */
pid_t fork_holder(void);
/* Start a child that runs fn(arg) and then waits to be killed; returns after fn returned. */
pid_t spawn_holder(void (*fn)(void *arg), void *arg);
/* The same, with fn writing `size` bytes of what it made into its argument, copied to `report`. */
pid_t spawn_reporting_holder(void (*fn)(void *report), void *report, size_t size);
void stop_holder(pid_t pid);

struct running {
	pid_t pid;
	int out; /* its standard output */
	bool capture_err; /* set before start_load: stderr to `err`, else the test's */
	int err;
	cJSON *manifest;
	rlim_t nofile; /* RLIMIT_NOFILE, soft and hard, to start it with; 0: as ours */
};

/*
 * A tmpfs of the test's own on /tmp (mount options, or NULL), so that
 * "nothing left" counts only what the test ran there.  While it is
 * mounted, ipcscope_path() is "/proc/self/fd/N", a descriptor of the
 * binary opened before, as the binary may live under /tmp; a command that
 * runs ipcscope itself (prlimit, setpriv) gets that path.  Needs private
 * namespaces.  unmount_own_tmp() is also a teardown: /tmp is the
 * system's again however the test ended.
 */
void mount_own_tmp(const char *options);
int unmount_own_tmp(void **state);
const char *ipcscope_path(void);

/* Start `ipcscope ARGS...` (NULL-terminated), its output on run->out; nothing more. */
void spawn_ipcscope(struct running *run, const char *const *args);
/* Start `ipcscope load --json ARGS...` (NULL-terminated) and read its manifest. */
void start_load(struct running *run, const char *const *args);
/* Its exit status (128 + signal) once it ends; killed, failing the test, after `seconds`. */
int wait_exit(pid_t pid, int seconds);
/* Until something shows in dir (a load's directory in /tmp, once it starts making). */
void wait_for_entry(const char *dir);
/* Stop it with `sig` and wait: it must clean up and exit 0. */
void stop_load(struct running *run, int sig);
/* Entries of a directory but . and ..; 0 for a missing one. */
size_t entries(const char *dir);
/* Rows of /proc/sysvipc/TABLE (shm, msg, sem) below its heading. */
size_t sysvipc_rows(const char *table);

/* Read fd until `needle` shows: all that was read, in a buffer the next call reuses.
 * Fails the test when fd ends first, or after READ_PATIENCE_S without it. */
#define READ_PATIENCE_S 30
char *read_until(int fd, const char *needle);
/* Read a pty until clean's "[y/N] " prompt shows; all that was read. */
char *read_until_prompt(int master);
/* All the rest a pty gives until process pid, on it, ends, in out (size bytes, terminated);
 * closes master and returns its wait status. */
int read_to_end(int master, pid_t pid, char *out, size_t size);

int run_integration_tests(int argc, char **argv, const struct CMUnitTest *tests, size_t ntests);
/* The same, with a set-up before all tests and a tear-down after them. */
int run_integration_group(int argc, char **argv, const struct CMUnitTest *tests, size_t ntests,
			  CMFixtureFunction setup, CMFixtureFunction teardown);

#endif
