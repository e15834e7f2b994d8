#ifndef IPCSCOPE_SELECTION_H
#define IPCSCOPE_SELECTION_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ipc_object;

/* Which objects a command shows: --kind, --pid, --user. */
struct selection {
	unsigned long kinds; /* bit per position in the kind table; 0 means every kind */
	int *pids;
	size_t npids;
	bool by_user;
	uid_t uid;
	char *name_glob; /* --name: shell pattern on the object's name or path */
	unsigned *ports; /* --port: local or remote port of a socket */
	size_t nports;
};

/* Each parser prints a usage message naming the valid choices and returns -1 on bad input. */
int selection_add_kinds(struct selection *sel, const char *list);
int selection_add_pids(struct selection *sel, const char *list);
int selection_set_user(struct selection *sel, const char *user);
int selection_set_name(struct selection *sel, const char *glob);
int selection_add_ports(struct selection *sel, const char *list);

/* With no kind named: --port means the kinds that have ports, not every kind. */
void selection_default_kinds(struct selection *sel);
bool selection_has_kind(const struct selection *sel, size_t kind_pos);
/* --pid: a holder is one of the pids; --user: the owner or a holder is the user;
 * --name: the name matches; --port: either port of a socket is one of them. */
bool selection_matches(const struct selection *sel, const struct ipc_object *obj);
void selection_free(struct selection *sel);

/*
 * The options that choose objects, for every command that takes them:
 * -k/--kind, -p/--pid, -u/--user, --name and --port.  Put the two macros in
 * getopt_long's arguments, and hand each option to selection_option() first.
 */
enum {
	SELECTION_OPT_NAME = 0x100, /* past every character, as long-only options go */
	SELECTION_OPT_PORT,
};
#define SELECTION_SHORT_OPTIONS "k:p:u:"
#define SELECTION_LONG_OPTIONS                                   \
	{ "kind", required_argument, NULL, 'k' },                \
	{ "pid", required_argument, NULL, 'p' },                 \
	{ "user", required_argument, NULL, 'u' },                \
	{ "name", required_argument, NULL, SELECTION_OPT_NAME }, \
	{ "port", required_argument, NULL, SELECTION_OPT_PORT }

/* 1: getopt's `c` is one of them, and its argument was taken; 0: it is none
 * of them; -1: its argument is bad, and a usage message was printed. */
int selection_option(struct selection *sel, int c, const char *arg);

#endif
