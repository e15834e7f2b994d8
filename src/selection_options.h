#ifndef IPCSCOPE_SELECTION_OPTIONS_H
#define IPCSCOPE_SELECTION_OPTIONS_H

#include "kinds.h"
#include "option_parse.h"
#include "selection.h"

/*
 * The options that choose objects, for every command that takes them:
 * -k/--kind, -p/--pid, -u/--user, --name and --port.  Each applier takes
 * the command's struct selection as its field.
 */
int selection_apply_kinds(void *sel, const char *arg);
int selection_apply_pids(void *sel, const char *arg);
int selection_apply_user(void *sel, const char *arg);
int selection_apply_name(void *sel, const char *arg);
int selection_apply_ports(void *sel, const char *arg);

/* The five, for the struct selection `member` of the options struct `type`. */
#define SELECTION_OPTIONS(type, member)                                                          \
	{ "kind", 'k', "KIND[,KIND]", "only these kinds (also as arguments): %s",               \
	  .help_value = kinds_names, .apply = selection_apply_kinds,                            \
	  .field = offsetof(type, member) },                                                    \
	{ "pid", 'p', "PID[,PID]", "only objects one of these processes holds",                  \
	  .apply = selection_apply_pids, .field = offsetof(type, member) },                     \
	{ "user", 'u', "USER", "only objects USER owns or holds (name or uid)",                  \
	  .apply = selection_apply_user, .field = offsetof(type, member) },                     \
	{ "name", 0, "PATTERN", "only objects whose name or path matches (shell pattern)",       \
	  .apply = selection_apply_name, .field = offsetof(type, member) },                     \
	{ "port", 0, "PORT[,PORT]", "only sockets with one of these local or remote ports",      \
	  .apply = selection_apply_ports, .field = offsetof(type, member) }

/* KIND arguments, argv[first] on: 0, or -1 after a usage message. */
int selection_add_kind_operands(struct selection *sel, int argc, char **argv, int first);

#endif
