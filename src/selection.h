/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SELECTION_H
#define IPCSCOPE_SELECTION_H

#include "strvec.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct filter_expr;
struct ipc_object;

/* Which objects a command shows: --kind, --pid, --user. */
struct selection {
	unsigned long kinds; /* bit per position in the kind table; 0 means every kind */
	bool kinds_named;    /* by a KIND argument or --kind, not a default */
	int *pids;
	size_t npids;
	bool by_user;
	uid_t uid;
	char *name_glob; /* --name: shell pattern on the object's name or path */
	unsigned *ports; /* --port: local or remote port of a socket */
	size_t nports;
	/* Stale objects: judged with list --stale, stale and clean; kept alone with the last two. */
	bool stale, stale_only;
	struct strvec stale_paths; /* where to look for FIFOs and socket files nobody uses */
	bool stale_paths_given;    /* by --path, rather than the defaults */
	bool has_stale_before;     /* --older-than: last activity before this time */
	int64_t stale_before;
	/* Namespaces: --ns self keeps our own alone; --netns and --ipcns one each. */
	bool ns_self;
	bool has_netns, has_ipcns;
	uint64_t netns, ipcns;
	char *container; /* --container: a holder runs in it */
	struct filter_expr *filter; /* -Q/--filter, on the values JSON gives */
	char *filter_text;          /* as given, for its messages */
};

/* Each parser prints a usage message naming the valid choices and returns -1 on bad input. */
int selection_add_kinds(struct selection *sel, const char *list);
int selection_add_pids(struct selection *sel, const char *list);
/* 0 when every --pid names a live process; else -1 after a message (a runtime error). */
int selection_check_pids(const struct selection *sel);
int selection_set_user(struct selection *sel, const char *user);
int selection_set_name(struct selection *sel, const char *glob);
int selection_add_ports(struct selection *sel, const char *list);
/* --path DIR: a directory to search for unused FIFOs and socket files. */
int selection_add_stale_path(struct selection *sel, const char *dir);
/* --older-than 10m: DURATION is a number with a unit s, m, h or d, or several ("1h30m"). */
int selection_set_older_than(struct selection *sel, const char *duration);
/* --netns 4026531840 (or "net:[4026531840]", as readlink shows it), --ipcns likewise. */
int selection_set_netns(struct selection *sel, const char *inode);
int selection_set_ipcns(struct selection *sel, const char *inode);
/* --container docker:0123456789ab, 0123, cron.service (container.h says which match). */
int selection_set_container(struct selection *sel, const char *name);
/* -Q/--filter EXPR: a usage message showing where EXPR is wrong. */
int selection_set_filter(struct selection *sel, const char *expr);
/* Once the kinds are known: -1 with a usage message when -Q names a column none of them has. */
int selection_check_filter(const struct selection *sel);
/* --ns self: only ipcscope's own namespaces; "self" is the one value. */
int selection_set_ns(struct selection *sel, const char *which);
/* With stale judged and no --path: /tmp, /run, /var/tmp, /dev/shm. */
void selection_default_stale_paths(struct selection *sel);

/* With no kind named: --port means the kinds that have ports, not every kind;
 * --netns and --ipcns the kinds that have that field. */
void selection_default_kinds(struct selection *sel);
bool selection_has_kind(const struct selection *sel, size_t kind_pos);
struct namespace;
/*
 * Whether a namespace's objects are read at all: not another one under
 * --ns self, nor another network (IPC) namespace under --netns (--ipcns).
 * Collectors skip the rest, so the filters save their work too.
 */
bool selection_wants_namespace(const struct selection *sel, const struct namespace *ns);
/* --pid: a holder is one of the pids; --user: the owner or a holder is the user;
 * --name: the name matches; --port: either port of a socket is one of them;
 * --netns, --ipcns: its field "netns" or "ipcns" is known and equal;
 * --container: a holder, or a holder of its peer, runs in that container;
 * -Q: the expression is true of it. */
bool selection_matches(const struct selection *sel, const struct ipc_object *obj);
void selection_free(struct selection *sel);

#endif
