/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SELECTION_OPTIONS_H
#define IPCSCOPE_SELECTION_OPTIONS_H

#include "kinds.h"
#include "option_parse.h"
#include "selection.h"

/*
 * The options that choose objects, for every command that takes them:
 * -k/--kind, -p/--pid, -u/--user, --name, --port, and --netns, --ipcns,
 * --container and --ns, and -Q/--filter.  Each applier takes
 * the command's struct selection as its field.
 */
int selection_apply_kinds(void *sel, const char *arg);
int selection_apply_pids(void *sel, const char *arg);
int selection_apply_user(void *sel, const char *arg);
int selection_apply_name(void *sel, const char *arg);
int selection_apply_ports(void *sel, const char *arg);
int selection_apply_netns(void *sel, const char *arg);
int selection_apply_ipcns(void *sel, const char *arg);
int selection_apply_container(void *sel, const char *arg);
int selection_apply_ns(void *sel, const char *arg);
int selection_apply_filter(void *sel, const char *arg);

/* -Q/--filter, for the struct selection `member` of `type`. */
#define FILTER_SELECTION_OPTION(type, member)                                                    \
	{ "filter", 'Q', "EXPR", "only objects EXPR is true of, e.g.\n"                          \
	  "'KIND == \"pipe\" && NHOLDERS >= 2' (see FILTER EXPRESSIONS in the man page)",        \
	  .apply = selection_apply_filter, .field = offsetof(type, member) }

/* --netns, --ipcns, --container and --ns, for the struct selection `member` of `type`. */
#define NAMESPACE_SELECTION_OPTIONS(type, member)                                                \
	{ "netns", 0, "INODE", "only sockets of this network namespace (its inode,\n"            \
	  "as readlink /proc/PID/ns/net shows it)",                                             \
	  .apply = selection_apply_netns, .field = offsetof(type, member) },                    \
	{ "ipcns", 0, "INODE", "only SysV objects and POSIX queues of this IPC namespace",       \
	  .apply = selection_apply_ipcns, .field = offsetof(type, member) },                    \
	{ "container", 0, "NAME", "only objects a process in this container or service\n"       \
	  "holds: docker:ID, an id's first 4+ digits, lxc:NAME, cron.service",                  \
	  .apply = selection_apply_container, .field = offsetof(type, member) },                \
	{ "ns", 0, "self", "only ipcscope's own namespaces, not every one",                      \
	  .apply = selection_apply_ns, .field = offsetof(type, member) }

/* The ten, for the struct selection `member` of the options struct `type`. */
#define SELECTION_OPTIONS(type, member)                                                          \
	{ "kind", 'k', "KIND[,KIND]", "only these kinds (also as arguments): %s",               \
	  .help_value = kinds_names, .apply = selection_apply_kinds,                            \
	  .field = offsetof(type, member) },                                                    \
	{ "kinds", .flags = OPTION_ALIAS },                                                      \
	{ "pid", 'p', "PID[,PID]", "only objects one of these processes holds",                  \
	  .apply = selection_apply_pids, .field = offsetof(type, member) },                     \
	{ "user", 'u', "USER", "only objects USER owns or holds (name or uid)",                  \
	  .apply = selection_apply_user, .field = offsetof(type, member) },                     \
	{ "name", 0, "PATTERN", "only objects whose name or path matches (shell pattern)",       \
	  .apply = selection_apply_name, .field = offsetof(type, member) },                     \
	{ "port", 0, "PORT[,PORT]", "only sockets with one of these local or remote ports",      \
	  .apply = selection_apply_ports, .field = offsetof(type, member) },                    \
	NAMESPACE_SELECTION_OPTIONS(type, member),                                             \
	FILTER_SELECTION_OPTION(type, member)

/* KIND arguments, argv[first] on: 0, or -1 after a usage message. */
int selection_add_kind_operands(struct selection *sel, int argc, char **argv, int first);

#endif
