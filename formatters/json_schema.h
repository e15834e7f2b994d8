/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_JSON_SCHEMA_H
#define IPCSCOPE_JSON_SCHEMA_H

/*
 * The "schema" member that opens every JSON document, and the one place
 * its version is written: a member that changes its meaning or its type
 * bumps it.  The history is in ipcscope(1), under JSON.
 */
#define IPCSCOPE_JSON_SCHEMA "ipcscope/2"

#endif
