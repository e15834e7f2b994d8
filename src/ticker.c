#include "ticker.h"

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

int ticker_parse_interval(const char *text, int64_t *ns)
{
	const char *p = text;
	int64_t sec = 0, frac = 0, scale = NS_PER_SEC;
	int digits = 0;

	/* By hand rather than strtod: no sign, exponent, hex, "inf" or locale's comma. */
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		sec = sec * 10 + (*p - '0');
		if (sec > TICKER_MAX_SECONDS)
			return -1;
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, digits++) {
			if (scale == 1)
				return -1; /* finer than a nanosecond */
			scale /= 10;
			frac += (*p - '0') * scale;
		}
	}
	if (*p || digits == 0)
		return -1;
	*ns = sec * NS_PER_SEC + frac;
	return *ns > 0 && *ns <= TICKER_MAX_SECONDS * NS_PER_SEC ? 0 : -1;
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
