/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Reading the namespace fields of ipcscope's JSON, for the namespace tests. */
#ifndef IPCSCOPE_TEST_NS_JSON_H
#define IPCSCOPE_TEST_NS_JSON_H

#include <cjson/cJSON.h>
#include <stdint.h>
#include <sys/types.h>

/* A namespace field ("netns", "ipcns", "mntns") of an object: the inode, or 0 when absent or null. */
uint64_t ns_of(cJSON *object, const char *key);
/* It must carry `key` as a number equal to `want`; fails the test saying which object. */
void expect_ns(cJSON *object, const char *key, uint64_t want);
/* "KIND ID" of an object, for messages; in a buffer the next call reuses. */
const char *describe(cJSON *object);
/* Its string member `key`; fails the test when that is not a string. */
const char *str(cJSON *object, const char *key);
/* The pid of a holder entry, or -1. */
pid_t holder_pid(cJSON *holder);

/*
 * What objects to look for: of `kind`, whose namespace field `ns_key` is
 * `ns`; and, when set, whose number `number_key` is `number`, whose "name"
 * is `name`.
 */
struct match {
	const char *kind;
	const char *ns_key;
	uint64_t ns;
	const char *number_key;
	double number;
	const char *name;
};
/* How many objects of the document match; the first in *first (when not NULL). */
size_t matching(cJSON *doc, const struct match *m, cJSON **first);
/* The one object that matches; fails the test, saying what was looked for, unless exactly one does. */
cJSON *the_one(cJSON *doc, const struct match *m);

/* `ipcscope COMMAND --json ARGS...` (list or stale; up to three ARGS, NULL-ended), which must
 * exit 0: its document of objects. */
cJSON *object_document(const char *command, const char *a, const char *b, const char *c);

#endif
