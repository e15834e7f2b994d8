/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_JSON_OBJECT_H
#define IPCSCOPE_JSON_OBJECT_H

#include <stdbool.h>
#include <stddef.h>

struct column;
struct output_options;
struct ipc_holder;
struct ipc_object;
struct jsonw;
struct proc_info;
struct procindex;
struct strvec;

/* The JSON form of one object, shared by every JSON-speaking format. */
void json_write_object(struct jsonw *w, const struct ipc_object *obj);
/* The object as the output options ask: every member, or only -o's (json_columns). */
void json_write_listed_object(struct jsonw *w, const struct ipc_object *obj,
			      const struct output_options *opts);
/*
 * Only the members of these columns (-o), in their order: a generic
 * column's member (NAME with "name_bytes"), a kind attribute's (null for
 * an object of a kind without it), "stale" for STALE and STALE-SINCE;
 * a column with no member of that form (NHOLDERS, SUMMARY, CONTAINER) by
 * its name in lower case: "nholders" a number, the others text or null.
 */
void json_write_object_columns(struct jsonw *w, const struct ipc_object *obj,
			       const struct column *const *cols, size_t n);
/*
 * One member of that form ("id", "inode", "holders", a kind's "nattch"...),
 * its value written as json_write_object writes it, under another key
 * ("old", "new"); false, and nothing written, when the object has no
 * member of that name.
 */
bool json_write_member_as(struct jsonw *w, const struct ipc_object *obj, const char *member,
			  const char *key);
/* "name" and "name_bytes" (base64 of the name when it is not UTF-8, else null). */
void json_write_name(struct jsonw *w, const char *name);
void json_write_holders(struct jsonw *w, const struct ipc_holder *holders, size_t n);
void json_write_unreadable(struct jsonw *w, const struct proc_info *proc);
/* "unreadable": [...], every process whose descriptors could not be read. */
void json_write_unreadable_member(struct jsonw *w, const struct procindex *idx);
/* "warnings": [...], the last member of every document. */
void json_write_warnings(struct jsonw *w, const struct strvec *warnings);

#endif
