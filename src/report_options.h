/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_REPORT_OPTIONS_H
#define IPCSCOPE_REPORT_OPTIONS_H

#include "option_parse.h"

/*
 * -q/--quiet and --bytes, for every command that prints warnings or sizes.
 * Both are the run's, not one command's: warnings come from every part of
 * a snapshot and sizes from every table, so each applier sets the one
 * switch (util.h, human_size.h) and takes no field.
 */
int report_apply_quiet(void *unused, const char *arg);
int report_apply_bytes(void *unused, const char *arg);

#define QUIET_OPTION                                                                            \
	{ "quiet", 'q', NULL, "no warnings on stderr (JSON keeps its \"warnings\")",           \
	  .apply = report_apply_quiet }

#define BYTES_OPTION                                                                            \
	{ "bytes", 0, NULL, "sizes in tables as exact bytes, not 64K, 1.5M", .apply = report_apply_bytes }

#endif
