/*
 * ipcscope load: make real objects of every kind, spread over worker
 * processes, hold them until told to stop, then remove every one.
 */
#include "commands.h"
#include "formatters.h"
#include "load.h"
#include "util.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_COUNT 4
#define DEFAULT_PROCS 4

static void load_usage(FILE *out)
{
	fprintf(out,
		"Usage: ipcscope load [options]\n"
		"\n"
		"Make real IPC objects of every kind, held by worker processes, until the\n"
		"duration ends or SIGINT/SIGTERM arrives; then remove all of them.\n"
		"\n"
		"  -k, --kinds KIND[,KIND]  only these kinds: %s\n"
		"  -n, --count [KIND=]N     objects of each kind, or of KIND (default %d;\n"
		"                           repeat it: --count 100 --count pipe=20000)\n"
		"  -P, --procs P            worker processes holding them (default %d, at most %d)\n"
		"  -d, --duration SEC       stop after SEC seconds (default: until a signal)\n"
		"      --stale              also leave stale objects behind, for 'stale' and 'clean'\n"
		"  -J, --json               print the manifest as JSON\n"
		"  -h, --help               this help\n",
		load_kinds_names(), DEFAULT_COUNT, DEFAULT_PROCS, LOAD_MAX_WORKERS);
}

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
		msg_error("invalid count '%s': load cannot make kind '%s'; it makes: %s", arg,
			  kind ? kind : "", load_kinds_names());
	for (size_t i = 0; f && i < load_factories_count(); i++)
		if (load_factory_at(i) == f) {
			rc = parse_count("count", eq + 1, MAX_COUNT, &counts[i]);
			counted[i] = rc == 0;
		}
	free(kind);
	return rc;
}

static int select_kinds(const char *list, bool *chosen)
{
	struct strvec names = { 0 };
	int rc = 0;

	/* An empty list would make nothing and hold it: surely not what was meant. */
	if (strvec_split(&names, list, ',') == 0) {
		msg_error("no kind given in --kinds '%s'; load makes: %s", list, load_kinds_names());
		return -1;
	}
	for (size_t n = 0; n < names.len; n++) {
		const struct load_factory *f = load_factory_find(names.items[n]);
		if (!f) {
			msg_error("load cannot make kind '%s'; it makes: %s", names.items[n],
				  load_kinds_names());
			rc = -1;
			break;
		}
		for (size_t i = 0; i < load_factories_count(); i++)
			if (load_factory_at(i) == f)
				chosen[i] = true;
	}
	strvec_free(&names);
	return rc;
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

static int run_load(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kinds", required_argument, NULL, 'k' },
		{ "kind", required_argument, NULL, 'k' },
		{ "count", required_argument, NULL, 'n' },
		{ "procs", required_argument, NULL, 'P' },
		{ "duration", required_argument, NULL, 'd' },
		{ "stale", no_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct load L = { .nworkers = DEFAULT_PROCS };
	bool chosen[32] = { false }, counted[32] = { false }, any = false, json = false;
	unsigned counts[32], every = DEFAULT_COUNT;
	unsigned duration = 0;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "k:n:P:d:Jh", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (select_kinds(optarg, chosen) < 0)
				return EXIT_USAGE;
			any = true;
			break;
		case 'n':
			if (parse_kind_count(optarg, &every, counts, counted) < 0)
				return EXIT_USAGE;
			break;
		case 'P':
			if (parse_count("number of processes", optarg, LOAD_MAX_WORKERS, &L.nworkers) < 0)
				return EXIT_USAGE;
			if (L.nworkers == 0) {
				msg_error("load needs at least one process (--procs 1)");
				return EXIT_USAGE;
			}
			break;
		case 'd':
			if (parse_count("duration", optarg, 86400 * 365, &duration) < 0)
				return EXIT_USAGE;
			break;
		case 'S':
			L.stale = true;
			break;
		case 'J':
			json = true;
			break;
		case 'h':
			load_usage(stdout);
			return EXIT_OK;
		default:
			fprintf(stderr, "Try 'ipcscope load --help'.\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		msg_error("load takes no arguments; got '%s' (kinds go in --kinds)", argv[optind]);
		return EXIT_USAGE;
	}

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
	L.progress = isatty(STDOUT_FILENO) && !json;

	int status = EXIT_RUNTIME;
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
		if (!any || chosen[i]) {
			L.making = load_factory_at(i)->kind;
			L.count = counted[i] ? counts[i] : every;
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
	formatter_find(json ? "json" : "table", DOC_MANIFEST)->manifest(&L, stdout);
	fflush(stdout);
	hold(&L, duration, &stop);
	status = EXIT_OK;
out:
	load_finish(&L);
	load_free(&L);
	return status;
}

const struct command command_load = {
	.name = "load",
	.summary = "make real IPC objects of every kind and hold them, for trying and testing",
	.run = run_load,
};
