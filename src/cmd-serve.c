/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope serve: a Prometheus exporter of what summary counts, the stale
 * objects, the lock deadlocks and the fullest queues, from a snapshot
 * refreshed in the background (serve.h).
 */
#include "commands.h"
#include "report_options.h"
#include "selection.h"
#include "selection_options.h"
#include "serve.h"
#include "util.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct serve_options {
	struct selection sel;
	const char *listen;
	unsigned interval, top;
	const char *user;
};

static int apply_count(const char *option, const char *arg, uint64_t min, uint64_t max,
		       unsigned *out)
{
	uint64_t v;

	if (parse_u64(arg, &v) < 0 || v < min || v > max) {
		msg_error("invalid %s '%s': give a whole number from %llu to %llu", option, arg,
			  (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static int apply_interval(void *field, const char *arg)
{
	return apply_count("--interval", arg, 1, 86400, field);
}

static int apply_top(void *field, const char *arg)
{
	return apply_count("--top", arg, 0, 1000, field);
}

/* Become `user` for good: its uid and group, no supplementary groups, no capabilities. */
static int drop_to_user(const char *user)
{
	struct passwd *pw = getpwnam(user);

	if (!pw) {
		msg_error("cannot run as '%s': no such user", user);
		return EXIT_USAGE;
	}
	if (setgroups(0, NULL) < 0 || setgid(pw->pw_gid) < 0 || setuid(pw->pw_uid) < 0) {
		msg_error("cannot run as '%s': %s", user, strerror(errno));
		return EXIT_RUNTIME;
	}
	/* A process that could become root again kept more than it was asked to. */
	if (pw->pw_uid != 0 && setuid(0) == 0) {
		msg_error("cannot run as '%s': root could be regained", user);
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}

/* A thread of its own takes the signals, while the main thread refreshes:
 * SIGHUP refreshes at once; SIGTERM and SIGINT end the refreshes, and the thread. */
static void *take_signals(void *set)
{
	for (;;) {
		int sig;
		if (sigwait(set, &sig) != 0)
			continue;
		if (sig == SIGHUP) {
			serve_refresh_now();
		} else {
			serve_refresh_stop();
			return NULL;
		}
	}
}

extern const struct command command_serve;

static int run_serve(int argc, char **argv)
{
	struct serve_options o = { .listen = SERVE_DEFAULT_LISTEN,
				   .interval = SERVE_DEFAULT_INTERVAL,
				   .top = SERVE_DEFAULT_TOP };
	struct sockaddr_storage addr;
	socklen_t len;
	sigset_t set;
	pthread_t signals;
	int fd = -1, first, status = option_parse(&command_serve, &o, argc, argv, &first);

	if (status >= 0)
		goto done;
	status = EXIT_USAGE;
	if (selection_add_kind_operands(&o.sel, argc, argv, first) < 0)
		goto done;
	selection_default_kinds(&o.sel);
	if (selection_check_filter(&o.sel) < 0 || serve_http_address(o.listen, &addr, &len) < 0)
		goto done;
	if (o.user && !getpwnam(o.user)) {
		msg_error("cannot run as '%s': no such user", o.user);
		goto done;
	}
	/* Stale objects are judged on what the snapshot finds; no directory is searched. */
	o.sel.stale = true;

	/*
	 * Every thread, the library's and the snapshot's, starts with these
	 * blocked, so the main thread alone takes them, in sigwait().
	 */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	status = EXIT_RUNTIME;
	fd = serve_http_listen(&addr, len, o.listen);
	if (fd < 0)
		goto done;
	if (o.user && (status = drop_to_user(o.user)) != EXIT_OK)
		goto done;
	status = EXIT_RUNTIME;
	/* Clients that come meanwhile wait in the listen queue for the first metrics. */
	serve_refresh_first(&o.sel, o.interval, o.top);
	if (serve_http_start(fd, addr.ss_family) < 0)
		goto done;
	fd = -1; /* the server's now, closed when it stops */
	if ((errno = pthread_create(&signals, NULL, take_signals, &set)) != 0) {
		msg_error("cannot start the signal thread: %s", strerror(errno));
		goto done;
	}
	serve_refresh_loop();
	pthread_join(signals, NULL);
	status = EXIT_OK;
done:
	serve_http_stop();
	serve_refresh_free();
	if (fd >= 0)
		close(fd);
	selection_free(&o.sel);
	return status;
}

static const char *default_listen(void)
{
	return SERVE_DEFAULT_LISTEN;
}

static const struct option_spec serve_options[] = {
	{ "listen", 0, "ADDR:PORT", "where to answer (default %s);\n[::]:PORT or 0.0.0.0:PORT for every address",
	  .help_value = default_listen, .apply = option_set_string,
	  .field = offsetof(struct serve_options, listen) },
	{ "interval", 0, "SEC", "seconds between refreshes of the metrics (default 15)",
	  .apply = apply_interval, .field = offsetof(struct serve_options, interval) },
	{ "top", 0, "N", "the N pipes, FIFOs and unix sockets with the most queued\n"
	  "bytes get a series each (default 10)",
	  .apply = apply_top, .field = offsetof(struct serve_options, top) },
	{ "user", 0, "USER", "once listening, run as USER with no privilege at all",
	  .apply = option_set_string, .field = offsetof(struct serve_options, user) },
	QUIET_OPTION,
	OPTION_HELP,
	OPTION_GROUP("Selection"),
	{ "kind", 'k', "KIND[,KIND]", "only these kinds and their limits: %s",
	  .help_value = kinds_names, .apply = selection_apply_kinds,
	  .field = offsetof(struct serve_options, sel) },
	{ "kinds", .flags = OPTION_ALIAS },
	NAMESPACE_SELECTION_OPTIONS(struct serve_options, sel),
	FILTER_SELECTION_OPTION(struct serve_options, sel),
	OPTION_END,
};

const struct command command_serve = {
	.name = "serve",
	.document = DOC_TEXT,
	.summary = "export the summary, stale objects and deadlocks to Prometheus over HTTP",
	.usage = "[options] [KIND...]",
	.description = "Answer Prometheus on GET /metrics with what summary counts, the stale objects,\n"
		       "lock deadlocks and waiters, and the fullest queues, from a snapshot refreshed\n"
		       "in the background every --interval seconds.  SIGHUP refreshes at once;\n"
		       "SIGTERM and SIGINT stop it.",
	.options = serve_options,
	.run = run_serve,
	.epilogue = "See SERVE in the man page for every metric and its labels.",
};
