/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope load: make real objects of every kind, spread over worker
 * processes, hold them until told to stop, then remove every one.
 */
#include "commands.h"
#include "formatters.h"
#include "load.h"
#include "registry.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_COUNT 4
#define DEFAULT_PROCS 4

/* What the command line asks of the load. */
struct load_options {
	bool chosen[32], counted[32], any, json, stale;
	unsigned counts[32], every, nworkers, duration;
};

static int parse_count(const char *what, const char *s, uint64_t max, unsigned *out)
{
	uint64_t v;

	if (parse_u64(s, &v) < 0 || v > max) {
		msg_error("invalid %s '%s': expected a number from 0 to %llu", what, s,
			  (unsigned long long)max);
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

#define MAX_COUNT 1000000

/* The kind load makes whose name is closest to a misspelled one, or NULL. */
static const char *load_kind_suggest(const char *name)
{
	struct suggestion s;

	suggestion_start(&s, name);
	for (size_t i = 0; i < load_factories_count(); i++)
		suggestion_consider(&s, load_factory_at(i)->kind);
	return s.best;
}

/* "N" sets every kind's count that no "KIND=N" sets; "KIND=N" sets that kind's. */
static int parse_kind_count(const char *arg, unsigned *every, unsigned *counts, bool *counted)
{
	const char *eq = strchr(arg, '=');

	if (!eq)
		return parse_count("count", arg, MAX_COUNT, every);
	char *kind = strndup(arg, (size_t)(eq - arg));
	const struct load_factory *f = kind ? load_factory_find(kind) : NULL;
	int rc = -1;

	if (!f)
		msg_error("invalid count '%s': load cannot make kind '%s';%s it makes: %s", arg,
			  kind ? kind : "", did_you_mean(kind ? load_kind_suggest(kind) : NULL),
			  load_kinds_names());
	for (size_t i = 0; f && i < load_factories_count(); i++)
		if (load_factory_at(i) == f) {
			rc = parse_count("count", eq + 1, MAX_COUNT, &counts[i]);
			counted[i] = rc == 0;
		}
	free(kind);
	return rc;
}

static int apply_kinds(void *opts, const char *list)
{
	struct load_options *o = opts;
	bool *chosen = o->chosen;
	struct strvec names = { 0 };
	int rc = 0;

	/* An empty list would make nothing and hold it: surely not what was meant. */
	if (strvec_split(&names, list, ',') == 0) {
		msg_error("no kind given in --kind '%s'; load makes: %s", list, load_kinds_names());
		return -1;
	}
	for (size_t n = 0; n < names.len; n++) {
		const struct load_factory *f = load_factory_find(names.items[n]);
		if (!f) {
			msg_error("load cannot make kind '%s';%s it makes: %s", names.items[n],
				  did_you_mean(load_kind_suggest(names.items[n])), load_kinds_names());
			rc = -1;
			break;
		}
		for (size_t i = 0; i < load_factories_count(); i++)
			if (load_factory_at(i) == f)
				chosen[i] = true;
	}
	strvec_free(&names);
	o->any = true;
	return rc;
}

static int apply_count(void *opts, const char *arg)
{
	struct load_options *o = opts;

	return parse_kind_count(arg, &o->every, o->counts, o->counted);
}

static int apply_procs(void *nworkers, const char *arg)
{
	if (parse_count("number of processes", arg, LOAD_MAX_WORKERS, nworkers) < 0)
		return -1;
	if (*(unsigned *)nworkers == 0) {
		msg_error("load needs at least one process (--procs 1)");
		return -1;
	}
	return 0;
}

static int apply_duration(void *duration, const char *arg)
{
	return parse_count("duration", arg, 86400 * 365, duration);
}

/*
 * A large load holds every descriptor in one process while it makes them:
 * as many as fs.nr_open where we may raise the hard limit (root), else up
 * to the hard limit.  Root also gets room for every message queue.
 */
static void raise_limits(void)
{
	struct rlimit rl;
	FILE *f = fopen("/proc/sys/fs/nr_open", "r");
	unsigned long long nr_open = 0;

	if (f) {
		if (fscanf(f, "%llu", &nr_open) != 1)
			nr_open = 0;
		fclose(f);
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
		struct rlimit want = { .rlim_cur = nr_open, .rlim_max = nr_open };
		if (nr_open <= rl.rlim_max || setrlimit(RLIMIT_NOFILE, &want) < 0) {
			rl.rlim_cur = rl.rlim_max;
			setrlimit(RLIMIT_NOFILE, &rl);
		}
	}
	rl = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	setrlimit(RLIMIT_MSGQUEUE, &rl); /* fails harmlessly without privilege */
}

/*
 * Until the duration ends or a stop signal arrives; the signals are
 * blocked, so none is lost.  A child that ends early is reaped and
 * reported, and the rest stays held.
 */
static void hold(struct load *L, unsigned duration, const sigset_t *stop)
{
	struct timespec now, end;
	sigset_t wake = *stop;

	sigaddset(&wake, SIGCHLD);
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += duration;
	for (;;) {
		int sig;
		if (!duration) {
			sig = sigwaitinfo(&wake, NULL);
		} else {
			clock_gettime(CLOCK_MONOTONIC, &now);
			struct timespec left = { end.tv_sec - now.tv_sec, end.tv_nsec - now.tv_nsec };
			if (left.tv_nsec < 0) {
				left.tv_sec--;
				left.tv_nsec += 1000000000L;
			}
			if (left.tv_sec < 0)
				return;
			sig = sigtimedwait(&wake, NULL, &left);
			if (sig < 0 && errno == EAGAIN)
				return;
		}
		if (sig == SIGCHLD)
			load_reap_early(L);
		else if (sig > 0)
			return;
	}
}

extern const struct command command_load;

static int run_load(int argc, char **argv)
{
	struct load_options o = { .every = DEFAULT_COUNT, .nworkers = DEFAULT_PROCS };
	int first, status = option_parse(&command_load, &o, argc, argv, &first);

	if (status >= 0)
		return status;
	if (first < argc) {
		msg_error("load takes no arguments; got '%s' (kinds go in --kind)", argv[first]);
		return EXIT_USAGE;
	}
	struct load L = { .nworkers = o.nworkers, .stale = o.stale };

	/* From here a signal only ends the wait below, so the clean-up always runs. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	sigset_t blocked = stop;
	sigaddset(&blocked, SIGCHLD);
	sigprocmask(SIG_BLOCK, &blocked, NULL);
	raise_limits();
	L.progress = isatty(STDOUT_FILENO) && !o.json;

	status = EXIT_RUNTIME;
	snprintf(L.dir, sizeof(L.dir), "/tmp/ipcscope-load.XXXXXX");
	if (!mkdtemp(L.dir)) {
		msg_error("load: cannot make a directory in /tmp: %s", strerror(errno));
		L.dir[0] = '\0';
		goto out;
	}
	if (L.stale) {
		snprintf(L.stale_dir, sizeof(L.stale_dir), "/tmp/ipcscope-stale.XXXXXX");
		if (!mkdtemp(L.stale_dir)) {
			msg_error("load: cannot make a directory in /tmp: %s", strerror(errno));
			goto out;
		}
	}
	if (load_start_workers(&L) < 0)
		goto out;
	for (size_t i = 0; i < load_factories_count() && !L.stopped; i++)
		if (!o.any || o.chosen[i]) {
			L.making = load_factory_at(i)->kind;
			L.count = o.counted[i] ? o.counts[i] : o.every;
			load_factory_at(i)->make(&L, load_factory_at(i));
			load_sync_workers(&L);
		}
	if (L.progress_shown) {
		printf("\r\033[K");
		fflush(stdout);
	}
	if (L.stale && !L.stopped)
		load_make_stale(&L);
	if (!L.stopped)
		load_start_waiters(&L);
	if (L.stopped) {
		msg_error("load: %s", L.stopped);
		goto out;
	}
	formatter_find(o.json ? "json" : "table", DOC_MANIFEST)->manifest(&L, stdout);
	fflush(stdout);
	hold(&L, o.duration, &stop);
	status = EXIT_OK;
out:
	load_finish(&L);
	load_free(&L);
	return status;
}

#define STR(x) #x
#define NUMBER(x) STR(x)

static const struct option_spec load_options[] = {
	{ "kind", 'k', "KIND[,KIND]", "only these kinds: %s", .help_value = load_kinds_names,
	  .apply = apply_kinds },
	{ "kinds", .flags = OPTION_ALIAS },
	/* Not -n, -P, -d: -n is --noheadings, -d --deadlocks elsewhere, and -P
	 * means pairs in util-linux. */
	{ "count", 'c', "[KIND=]N",
	  "objects of each kind, or of KIND (default " NUMBER(DEFAULT_COUNT) ";\n"
	  "repeat it: --count 100 --count pipe=20000)", .apply = apply_count },
	{ "procs", 0, "P",
	  "worker processes holding them (default " NUMBER(DEFAULT_PROCS)
	  ", at most " NUMBER(LOAD_MAX_WORKERS) ")",
	  .apply = apply_procs, .field = offsetof(struct load_options, nworkers) },
	{ "duration", 0, "SEC", "stop after SEC seconds (default: until a signal)",
	  .apply = apply_duration, .field = offsetof(struct load_options, duration) },
	OPTION_FLAG("stale", 0, struct load_options, stale,
		    "also leave stale objects behind, for 'stale' and 'clean'"),
	OPTION_FLAG("json", 'J', struct load_options, json, "print the manifest as JSON"),
	OPTION_HELP,
	OPTION_END,
};

const struct command command_load = {
	.name = "load",
	.document = DOC_MANIFEST,
	.summary = "make real IPC objects of every kind and hold them, for trying and testing",
	.usage = "[options]",
	.description = "Make real IPC objects of every kind, held by worker processes, until the\n"
		       "duration ends or SIGINT/SIGTERM arrives; then remove all of them.",
	.options = load_options,
	.run = run_load,
};
