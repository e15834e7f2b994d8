/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ticker.h"
#include "util.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>

#define NS_PER_SEC 1000000000LL

static volatile sig_atomic_t stop_requested;
static struct sigaction saved_int, saved_term;
static sigset_t stop_set, mask_before;

/* The digits after the point, none to nine, as nanoseconds: "5" is 500000000. */
static const char *parse_fraction(const char *p, uint64_t *ns)
{
	const char *end = p;

	*ns = 0;
	if (*p >= '0' && *p <= '9' && !(end = parse_digits(p, 10, NS_PER_SEC - 1, ns)))
		return NULL;
	if (end - p > 9)
		return NULL; /* finer than a nanosecond */
	for (long i = end - p; i < 9; i++)
		*ns *= 10;
	return end;
}

int ticker_parse_interval(const char *text, int64_t *ns)
{
	const char *p = text;
	uint64_t sec = 0, frac = 0;

	/* Not strtod: no sign, exponent, hex, "inf" or locale's comma.  Either
	 * part may be missing ("2.", ".5"), not both: that is 0, refused below. */
	if (*p >= '0' && *p <= '9' && !(p = parse_digits(p, 10, TICKER_MAX_SECONDS, &sec)))
		return -1;
	if (*p == '.' && !(p = parse_fraction(p + 1, &frac)))
		return -1;
	if (*p)
		return -1;
	int64_t v = (int64_t)sec * NS_PER_SEC + (int64_t)frac;
	if (v <= 0 || v > TICKER_MAX_SECONDS * NS_PER_SEC)
		return -1;
	*ns = v;
	return 0;
}

static int64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

int ticker_start(struct ticker *t, int64_t interval_ns)
{
	/* No SA_RESTART: a wait or a blocked write must end when one arrives. */
	struct sigaction sa = { .sa_handler = on_stop_signal };

	sigemptyset(&stop_set);
	sigaddset(&stop_set, SIGINT);
	sigaddset(&stop_set, SIGTERM);
	/* Held back before any thread starts: the process index's threads inherit it. */
	if (pthread_sigmask(SIG_BLOCK, &stop_set, &mask_before) != 0)
		return -1;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, &saved_int) < 0 || sigaction(SIGTERM, &sa, &saved_term) < 0)
		return -1;
	t->interval_ns = interval_ns;
	t->next_ns = monotonic_ns();
	return 0;
}

enum tick ticker_wait(struct ticker *t, int output_fd)
{
	int64_t now = monotonic_ns();

	t->next_ns += t->interval_ns;
	if (t->next_ns <= now)
		t->next_ns += ((now - t->next_ns) / t->interval_ns + 1) * t->interval_ns;
	for (;;) {
		if (stop_requested)
			return TICK_STOP_SIGNAL;
		now = monotonic_ns();
		if (now >= t->next_ns)
			return TICK;
		int64_t left = t->next_ns - now;
		struct timespec timeout = { left / NS_PER_SEC, left % NS_PER_SEC };
		/* No events asked of the output: poll reports an error or hang-up
		 * regardless, which for a pipe means its reader has gone.  The
		 * signals come in only during the call, so none slips in between
		 * the check above and the sleep. */
		struct pollfd out = { .fd = output_fd, .events = 0 };
		if (ppoll(&out, 1, &timeout, &mask_before) < 0) {
			if (errno == EINTR)
				continue;
			return TICK_ERROR;
		}
		if (out.revents & (POLLERR | POLLHUP | POLLNVAL))
			return TICK_OUTPUT_CLOSED;
	}
}

void ticker_let_signals_in(bool in)
{
	if (in)
		pthread_sigmask(SIG_SETMASK, &mask_before, NULL);
	else
		pthread_sigmask(SIG_BLOCK, &stop_set, NULL);
}

bool ticker_stop_requested(void)
{
	return stop_requested;
}

void ticker_stop(void)
{
	/* Let in while still caught: one pending would otherwise end the
	 * process by its default action after a clean finish. */
	pthread_sigmask(SIG_SETMASK, &mask_before, NULL);
	sigaction(SIGINT, &saved_int, NULL);
	sigaction(SIGTERM, &saved_term, NULL);
}
