/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_NAME_LISTS_H
#define IPCSCOPE_NAME_LISTS_H

#include "option_parse.h"

/*
 * ipcscope --list-commands, --list-options=COMMAND, --list-kinds[=stale|load],
 * --list-columns[=KIND], --list-formats[=COMMAND]: names, one per line,
 * for completion scripts to ask instead of keeping their own copies.
 */
extern const struct option_spec name_list_options[];

/* When argv[1] is one of them: print, and return the exit status; else -1. */
int name_lists_run(int argc, char **argv);

#endif
