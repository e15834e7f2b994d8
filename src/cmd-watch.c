/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope watch: a snapshot every interval, and an event for each object
 * created, removed or changed since the one before.
 */
#include "commands.h"
#include "formatters.h"
#include "ipc_object.h"
#include "kinds.h"
#include "procindex.h"
#include "report_options.h"
#include "selection.h"
#include "selection_options.h"
#include "snapshot.h"
#include "snapshot_diff.h"
#include "ticker.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NS_PER_SEC 1000000000LL

struct watch_options {
	struct selection sel;
	int64_t interval_ns;
	bool counted; /* --count given: end after `count` intervals */
	uint64_t count;
	bool ndjson;
	bool initial;
};

/* One snapshot, its objects in join order, and when it was taken. */
struct watched {
	struct snapshot snap;
	struct snapshot_keys keys;
	char time[UTC_TIME_LEN];
};

static int apply_interval(void *interval_ns, const char *arg)
{
	if (ticker_parse_interval(arg, interval_ns) < 0) {
		msg_error("invalid interval '%s'; --interval takes seconds more than 0 and at most %d, e.g. 1 or 0.2",
			  arg, TICKER_MAX_SECONDS);
		return -1;
	}
	return 0;
}

static int apply_count(void *opts, const char *arg)
{
	struct watch_options *o = opts;

	if (parse_u64(arg, &o->count) < 0) {
		msg_error("invalid count '%s'; --count takes a number of intervals, 0 or more", arg);
		return -1;
	}
	o->counted = true;
	return 0;
}

extern const struct command command_watch;

/* 0 to go on, or the exit status to end with at once (help, or a usage error). */
static int parse_options(int argc, char **argv, struct watch_options *o)
{
	int first;

	o->interval_ns = NS_PER_SEC;
	int status = option_parse(&command_watch, o, argc, argv, &first);
	if (status >= 0)
		return status;
	if (selection_add_kind_operands(&o->sel, argc, argv, first) < 0)
		return EXIT_USAGE;
	selection_default_kinds(&o->sel);
	if (selection_check_filter(&o->sel) < 0)
		return EXIT_USAGE;
	if (selection_check_pids(&o->sel) < 0)
		return EXIT_RUNTIME;
	return -1;
}

/*
 * The pipe or socket our own events go into: each line written changes its
 * queued bytes, which the next snapshot would report, and so on for ever.
 */
static bool is_own_output(const struct ipc_object *obj, int self)
{
	for (size_t i = 0; i < obj->nholders; i++) {
		const struct ipc_holder *h = &obj->holders[i];
		if (h->proc->pid == self && h->via == VIA_FD && h->fd == STDOUT_FILENO)
			return true;
	}
	return false;
}

static void drop_own_output(struct snapshot *snap)
{
	int self = getpid();
	size_t kept = 0;

	for (size_t i = 0; i < snap->nobjects; i++) {
		if (is_own_output(snap->objects[i], self))
			ipc_object_free(snap->objects[i]);
		else
			snap->objects[kept++] = snap->objects[i];
	}
	snap->nobjects = kept;
}

static int take(struct watched *w, const struct selection *sel)
{
	struct timespec now;

	clock_gettime(CLOCK_REALTIME, &now);
	format_utc_time(now.tv_sec, w->time);
	if (snapshot_build(&w->snap, sel) < 0)
		return -1;
	drop_own_output(&w->snap);
	snapshot_keys_build(&w->keys, &w->snap);
	return 0;
}

static void watched_free(struct watched *w)
{
	snapshot_keys_free(&w->keys);
	snapshot_free(&w->snap);
}

/* Warnings repeat in every snapshot: each is told once, when it first appears. */
static void report_new_warnings(const struct snapshot *before, const struct snapshot *now)
{
	for (size_t i = 0; i < now->warnings.len; i++) {
		bool seen = false;
		for (size_t j = 0; j < before->warnings.len && !seen; j++)
			seen = strcmp(now->warnings.items[i], before->warnings.items[j]) == 0;
		if (!seen && !snapshot_is_note(now, now->warnings.items[i]))
			msg_warning(now->warnings.items[i]);
	}
}

struct printer {
	const struct formatter *fmt;
	const char *time;
};

static int print_event(const struct object_diff *d, void *ctx)
{
	const struct printer *p = ctx;

	return p->fmt->watch_event(p->time, d, stdout);
}

/* Writes what changed from `before` to `now`; -1 when the output failed. */
static int print_changes(const struct snapshot_keys *before, const struct watched *now,
			 bool ndjson)
{
	struct printer p = { .fmt = formatter_find(ndjson ? "ndjson" : "text", DOC_WATCH),
			     .time = now->time };

	ticker_let_signals_in(true);
	int rc = snapshot_diff(before, &now->keys, print_event, &p);
	if (fflush(stdout) != 0)
		rc = -1;
	ticker_let_signals_in(false);
	return rc;
}

/* The exit status for output that could not be written. */
static int output_failed(void)
{
	/* A reader that went away, or a signal that cut a blocked write short, ends it as asked. */
	if (errno == EPIPE || ticker_stop_requested())
		return EXIT_OK;
	msg_error("write error: %s", strerror(errno));
	return EXIT_RUNTIME;
}

static int watch(const struct watch_options *o)
{
	struct ticker ticker;
	struct watched before = { 0 }, now = { 0 };
	const struct snapshot_keys nothing = { 0 };
	int status = EXIT_RUNTIME;

	/* A closed pipe is an EPIPE to end on quietly, not a signal that kills. */
	signal(SIGPIPE, SIG_IGN);
	if (ticker_start(&ticker, o->interval_ns) < 0) {
		msg_error("cannot catch SIGINT and SIGTERM: %s", strerror(errno));
		return EXIT_RUNTIME;
	}
	if (take(&before, &o->sel) < 0)
		goto done;
	snapshot_report(&before.snap);
	if (o->initial && print_changes(&nothing, &before, o->ndjson) < 0) {
		status = output_failed();
		goto done;
	}
	for (uint64_t n = 0; !o->counted || n < o->count; n++) {
		enum tick t = ticker_wait(&ticker, STDOUT_FILENO);
		if (t == TICK_ERROR) {
			msg_error("cannot wait for the next interval: %s", strerror(errno));
			goto done;
		}
		if (t != TICK)
			break;
		if (take(&now, &o->sel) < 0)
			goto done;
		report_new_warnings(&before.snap, &now.snap);
		if (print_changes(&before.keys, &now, o->ndjson) < 0) {
			status = output_failed();
			goto done;
		}
		watched_free(&before);
		before = now;
		now = (struct watched){ 0 };
	}
	status = EXIT_OK;
done:
	watched_free(&now);
	watched_free(&before);
	ticker_stop();
	return status;
}

static int run_watch(int argc, char **argv)
{
	struct watch_options o = { 0 };
	int status = parse_options(argc, argv, &o);

	if (status < 0)
		status = watch(&o);
	selection_free(&o.sel);
	return status;
}

static const struct option_spec watch_options[] = {
	{ "interval", 'i', "SECONDS", "time between snapshots (default 1; fractions: 0.2)",
	  .apply = apply_interval, .field = offsetof(struct watch_options, interval_ns) },
	{ "count", 'c', "N", "end after N intervals (default: until a signal)", .apply = apply_count },
	OPTION_FLAG("initial", 0, struct watch_options, initial,
		    "report the objects of the first snapshot as created"),
	OPTION_FLAG("ndjson", 0, struct watch_options, ndjson, "one JSON object per event"),
	SELECTION_OPTIONS(struct watch_options, sel),
	QUIET_OPTION,
	OPTION_HELP,
	OPTION_END,
};

const struct command command_watch = {
	.name = "watch",
	.document = DOC_WATCH,
	.summary = "print IPC objects created, removed or changed, every interval",
	.usage = "[options] [KIND...]",
	.description = "Take a snapshot every interval and print what changed since the one before:\n"
		       "objects created, removed or changed, one line each.",
	.options = watch_options,
	.epilogue = "It ends on SIGINT or SIGTERM, after --count intervals, or when its output is closed.",
	.run = run_watch,
};
