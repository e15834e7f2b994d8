/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Lines for people where a table does not fit: watch's events, the deadlocks' cycles. */
#include "format_writers.h"

const struct formatter formatter_text = {
	.name = "text",
	.help = "lines for people (the default of watch and locks --deadlocks)",
	.deadlocks = text_print_deadlocks,
	.watch_event = text_print_watch_event,
};
