/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_TICKER_H
#define IPCSCOPE_TICKER_H

#include <stdbool.h>
#include <stdint.h>

/*
 * A tick every interval on the monotonic clock, so a change of the wall
 * clock neither bunches nor stretches them; waiting for it also ends on
 * SIGINT or SIGTERM, or when the reader of the output goes away.  A tick
 * missed because the work took longer than the interval is skipped, not
 * made up in a burst.
 *
 * The two signals are held back while a snapshot is taken, so a system call
 * in the middle of one never fails on them, and let in while waiting and
 * while writing: a write blocked on a reader that does not read still ends.
 */
struct ticker {
	int64_t interval_ns;
	int64_t next_ns;
};

enum tick {
	TICK,
	TICK_STOP_SIGNAL,
	TICK_OUTPUT_CLOSED,
	TICK_ERROR, /* errno set */
};

#define TICKER_MAX_SECONDS 86400

/* "1", "0.2", ".5": decimal seconds, more than 0 and at most TICKER_MAX_SECONDS. */
int ticker_parse_interval(const char *text, int64_t *ns);

/* Catches SIGINT and SIGTERM and holds them back; the first tick is now. */
int ticker_start(struct ticker *t, int64_t interval_ns);
/* Until the next tick, a stop signal, or an error or hang-up on output_fd. */
enum tick ticker_wait(struct ticker *t, int output_fd);
/* Lets the signals in (true) or holds them back again (false). */
void ticker_let_signals_in(bool in);
/* Whether SIGINT or SIGTERM has arrived. */
bool ticker_stop_requested(void);
/* The signals' former handling back; one that arrived meanwhile is consumed. */
void ticker_stop(void);

#endif
