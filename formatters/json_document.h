/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_JSON_DOCUMENT_H
#define IPCSCOPE_JSON_DOCUMENT_H

#include "json_schema.h"

#include <stdio.h>

struct jsonw;
struct procindex;
struct strvec;

/*
 * Every JSON document is one object: {"schema": IPCSCOPE_JSON_SCHEMA, then
 * the document's own members, then the members every document ends with.
 */

/* Starts w on out and writes {"schema":...; the document's members follow. */
void json_document_begin(struct jsonw *w, FILE *out);
/*
 * "unreadable" (the processes of idx that could not be read; none for a
 * document that has no such member, idx NULL), "warnings", the closing
 * brace and a newline.  0, or -1 after a write error.
 */
int json_document_end(struct jsonw *w, const struct procindex *idx, const struct strvec *warnings);

#endif
