/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "report_options.h"
#include "human_size.h"
#include "util.h"

int report_apply_quiet(void *unused, const char *arg)
{
	(void)unused;
	(void)arg;
	msg_set_quiet(true);
	return 0;
}

int report_apply_bytes(void *unused, const char *arg)
{
	(void)unused;
	(void)arg;
	human_size_set_exact(true);
	return 0;
}
