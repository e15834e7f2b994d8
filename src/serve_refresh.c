/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * serve's refreshes: the main thread builds a snapshot every --interval
 * seconds and renders it to text once (libproc2 keeps buffers per thread
 * that only the main thread's end releases); scrapes copy the latest text under a lock
 * held only for the copy, so none waits for a /proc walk and any number of
 * scrapers cost one walk per interval.
 */
#include "prometheus.h"
#include "serve.h"
#include "snapshot.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static struct {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool running, stopping, now;
	const struct selection *sel;
	unsigned interval, top;
	char *text; /* the latest metrics, without OpenMetrics' "# EOF" */
	size_t len;
} cache = { .lock = PTHREAD_MUTEX_INITIALIZER };

static double seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void refresh(bool report)
{
	double start = seconds(CLOCK_MONOTONIC), cpu = seconds(CLOCK_PROCESS_CPUTIME_ID);
	struct snapshot snap = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	bool ok;

	if (!out) {
		msg_error("cannot refresh the metrics: %s", strerror(errno));
		return;
	}
	ok = snapshot_build(&snap, cache.sel) == 0;
	if (ok)
		serve_metrics_write(out, &snap, cache.top);
	/* Later refreshes would repeat the same warnings every interval. */
	if (report)
		snapshot_report(&snap);
	snapshot_free(&snap);
	prometheus_family(out, "ipcscope_refresh_ok",
			  "1 when the last refresh could take a snapshot, else 0 (and no other ipcscope "
			  "family but these is shown).");
	fprintf(out, "ipcscope_refresh_ok %d\n", ok);
	prometheus_family(out, "ipcscope_refresh_duration_seconds",
			  "Wall-clock time the last refresh took.");
	fprintf(out, "ipcscope_refresh_duration_seconds %.6f\n", seconds(CLOCK_MONOTONIC) - start);
	prometheus_family(out, "ipcscope_refresh_cpu_seconds",
			  "CPU time the process used during the last refresh: its collector threads, "
			  "and any scrapes meanwhile.");
	fprintf(out, "ipcscope_refresh_cpu_seconds %.6f\n", seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu);
	prometheus_family(out, "ipcscope_last_refresh_timestamp_seconds",
			  "When the last refresh ended, in seconds since the epoch.");
	fprintf(out, "ipcscope_last_refresh_timestamp_seconds %.3f\n", seconds(CLOCK_REALTIME));
	if (fclose(out) != 0) {
		msg_error("cannot refresh the metrics: %s", strerror(errno));
		free(text);
		return;
	}
	pthread_mutex_lock(&cache.lock);
	free(cache.text);
	cache.text = text;
	cache.len = len;
	pthread_mutex_unlock(&cache.lock);
}

void serve_refresh_first(const struct selection *sel, unsigned interval, unsigned top)
{
	cache.sel = sel;
	cache.interval = interval;
	cache.top = top;
	refresh(true);
}

void serve_refresh_loop(void)
{
	pthread_condattr_t attr;

	/* The interval is measured on the monotonic clock: setting the date moves no refresh. */
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&cache.wake, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_lock(&cache.lock);
	cache.running = true;
	while (!cache.stopping) {
		struct timespec until;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_sec += cache.interval;
		while (!cache.stopping && !cache.now &&
		       pthread_cond_timedwait(&cache.wake, &cache.lock, &until) != ETIMEDOUT)
			;
		if (cache.stopping)
			break;
		cache.now = false;
		pthread_mutex_unlock(&cache.lock);
		refresh(false);
		pthread_mutex_lock(&cache.lock);
	}
	cache.running = false;
	pthread_mutex_unlock(&cache.lock);
	pthread_cond_destroy(&cache.wake);
}

static void wake(bool stop)
{
	pthread_mutex_lock(&cache.lock);
	if (stop)
		cache.stopping = true;
	else
		cache.now = true;
	if (cache.running)
		pthread_cond_signal(&cache.wake);
	pthread_mutex_unlock(&cache.lock);
}

void serve_refresh_now(void)
{
	wake(false);
}

void serve_refresh_stop(void)
{
	wake(true);
}

void serve_refresh_free(void)
{
	free(cache.text);
	cache.text = NULL;
	cache.len = 0;
}

char *serve_refresh_metrics(bool openmetrics, size_t *len)
{
	static const char eof[] = "# EOF\n";
	char *copy;

	pthread_mutex_lock(&cache.lock);
	*len = cache.len + (openmetrics ? strlen(eof) : 0);
	copy = xmalloc(*len + 1);
	memcpy(copy, cache.text ? cache.text : "", cache.len);
	if (openmetrics)
		memcpy(copy + cache.len, eof, strlen(eof));
	copy[*len] = '\0';
	pthread_mutex_unlock(&cache.lock);
	return copy;
}
