/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "selection.h"
#include "container.h"
#include "filter_expr.h"
#include "ipc_object.h"
#include "kinds.h"
#include "namespaces.h"
#include "procindex.h"
#include "registry.h"
#include "strvec.h"
#include "users.h"
#include "util.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int selection_add_kinds(struct selection *sel, const char *list)
{
	struct strvec names = { 0 };
	int rc = 0;

	if (strvec_split(&names, list, ',') == 0) {
		msg_error("no kind given; valid kinds: %s", kinds_names());
		return -1;
	}
	for (size_t i = 0; i < names.len; i++) {
		int k = kind_find(names.items[i]);
		if (k < 0) {
			msg_error("unknown kind '%s';%s valid kinds: %s", names.items[i],
				  did_you_mean(kind_suggest(names.items[i])), kinds_names());
			rc = -1;
			break;
		}
		sel->kinds |= 1UL << k;
		sel->kinds_named = true;
	}
	strvec_free(&names);
	return rc;
}

int selection_add_pids(struct selection *sel, const char *list)
{
	struct strvec items = { 0 };
	int rc = 0;

	if (strvec_has_empty_item(list, ',')) {
		msg_error("empty item in --pid '%s'; it takes process ids separated by single commas, "
			  "e.g. --pid 1234,5678", list);
		return -1;
	}
	if (strvec_split(&items, list, ',') == 0) {
		msg_error("no pid given; --pid takes a list of process ids, e.g. --pid 1234,5678");
		return -1;
	}
	sel->pids = xreallocarray(sel->pids, sel->npids + items.len, sizeof(*sel->pids));
	for (size_t i = 0; i < items.len; i++) {
		int pid;
		if (parse_pid(items.items[i], &pid) < 0) {
			msg_error("invalid pid '%s'; --pid takes positive process ids, e.g. --pid 1234,5678",
				  items.items[i]);
			rc = -1;
			break;
		}
		sel->pids[sel->npids++] = pid;
	}
	strvec_free(&items);
	return rc;
}

int selection_check_pids(const struct selection *sel)
{
	char path[32];

	/* Exactly the processes ipcscope can look at: those its /proc shows. */
	for (size_t i = 0; i < sel->npids; i++) {
		snprintf(path, sizeof(path), "/proc/%d", sel->pids[i]);
		if (access(path, F_OK) < 0) {
			msg_error("no process %d%s", sel->pids[i],
				  errno == ENOENT ? "" : " that /proc shows");
			return -1;
		}
	}
	return 0;
}

int selection_set_user(struct selection *sel, const char *user)
{
	if (user_lookup(user, &sel->uid) < 0) {
		msg_error("unknown user '%s'; --user takes a login name from the password database or a numeric uid",
			  user);
		return -1;
	}
	sel->by_user = true;
	return 0;
}

int selection_set_name(struct selection *sel, const char *glob)
{
	if (!glob[0]) {
		msg_error("empty --name; it takes a name or a shell pattern, e.g. --name '/run/*.sock'");
		return -1;
	}
	free(sel->name_glob);
	sel->name_glob = xstrdup(glob);
	return 0;
}

int selection_add_ports(struct selection *sel, const char *list)
{
	struct strvec items = { 0 };
	int rc = 0;

	if (strvec_has_empty_item(list, ',')) {
		msg_error("empty item in --port '%s'; it takes port numbers separated by single commas, "
			  "e.g. --port 5432,8080", list);
		return -1;
	}
	if (strvec_split(&items, list, ',') == 0) {
		msg_error("no port given; --port takes port numbers, e.g. --port 5432,8080");
		return -1;
	}
	sel->ports = xreallocarray(sel->ports, sel->nports + items.len, sizeof(*sel->ports));
	for (size_t i = 0; i < items.len; i++) {
		uint64_t port;
		if (parse_u64(items.items[i], &port) < 0 || port > 65535) {
			msg_error("invalid port '%s'; --port takes numbers from 0 to 65535, e.g. --port 5432",
				  items.items[i]);
			rc = -1;
			break;
		}
		sel->ports[sel->nports++] = (unsigned)port;
	}
	strvec_free(&items);
	return rc;
}

int selection_add_stale_path(struct selection *sel, const char *dir)
{
	if (dir[0] != '/') {
		msg_error("invalid --path '%s': it takes an absolute directory, e.g. --path /run", dir);
		return -1;
	}
	char *copy = xstrdup(dir);
	for (size_t n = strlen(copy); n > 1 && copy[n - 1] == '/'; n--)
		copy[n - 1] = '\0'; /* "/tmp/" finds /tmp/x, not /tmp//x */
	strvec_push(&sel->stale_paths, copy);
	sel->stale_paths_given = true;
	return 0;
}

int selection_set_older_than(struct selection *sel, const char *duration)
{
	int64_t seconds;

	if (parse_duration(duration, &seconds) < 0) {
		msg_error("invalid duration '%s' for --older-than: a number with a unit s, m, h or d, "
			  "e.g. 30s, 10m, 2h, 7d or 1h30m",
			  duration);
		return -1;
	}
	sel->has_stale_before = true;
	sel->stale_before = (int64_t)time(NULL) - seconds;
	return 0;
}

/* "4026531840", or "net:[4026531840]" as readlink shows /proc/PID/ns/net: not 0, which names none. */
static int parse_namespace(const char *text, const char *type, uint64_t *out)
{
	size_t n = strlen(type);
	bool linked = strncmp(text, type, n) == 0 && text[n] == ':' && text[n + 1] == '[';
	uint64_t v;
	const char *end = parse_digits(linked ? text + n + 2 : text, 10, UINT64_MAX, &v);

	if (!end || v == 0 || strcmp(end, linked ? "]" : "") != 0)
		return -1;
	*out = v;
	return 0;
}

static int set_namespace(const char *text, const char *type, const char *what, bool *has,
			 uint64_t *inode)
{
	if (parse_namespace(text, type, inode) < 0) {
		msg_error("invalid --%sns '%s': it takes the inode number of %s namespace, as "
			  "readlink /proc/PID/ns/%s shows it, e.g. --%sns 4026531840",
			  type, text, what, type, type);
		return -1;
	}
	*has = true;
	return 0;
}

int selection_set_netns(struct selection *sel, const char *inode)
{
	return set_namespace(inode, "net", "a network", &sel->has_netns, &sel->netns);
}

int selection_set_ipcns(struct selection *sel, const char *inode)
{
	return set_namespace(inode, "ipc", "an IPC", &sel->has_ipcns, &sel->ipcns);
}

int selection_set_container(struct selection *sel, const char *name)
{
	if (!name[0]) {
		msg_error("empty --container; it takes a container or service, e.g. "
			  "--container docker:0123456789ab, --container 0123 or --container cron.service");
		return -1;
	}
	free(sel->container);
	sel->container = xstrdup(name);
	return 0;
}

int selection_set_filter(struct selection *sel, const char *expr)
{
	struct filter_error err;
	struct filter_expr *f = filter_expr_parse(expr, &err);

	if (!f) {
		filter_error_print(expr, &err);
		return -1;
	}
	filter_expr_free(sel->filter);
	free(sel->filter_text);
	sel->filter = f;
	sel->filter_text = xstrdup(expr);
	return 0;
}

int selection_check_filter(const struct selection *sel)
{
	struct filter_error err;

	if (!sel->filter || filter_expr_check_kinds(sel->filter, sel->kinds, &err) == 0)
		return 0;
	filter_error_print(sel->filter_text, &err);
	return -1;
}

int selection_set_ns(struct selection *sel, const char *which)
{
	if (strcmp(which, "self") != 0) {
		msg_error("invalid --ns '%s': the one value is 'self', for only ipcscope's own "
			  "namespaces (every namespace is listed without --ns)",
			  which);
		return -1;
	}
	sel->ns_self = true;
	return 0;
}

void selection_default_stale_paths(struct selection *sel)
{
	static const char *const defaults[] = { "/tmp", "/run", "/var/tmp", "/dev/shm" };

	if (!sel->stale || sel->stale_paths.len)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++)
		strvec_push(&sel->stale_paths, xstrdup(defaults[i]));
}

/* Whether the kind has what --port, --netns and --ipcns look at. */
static bool kind_has_fields(const struct kind *kind, const struct selection *sel)
{
	bool port = false, netns = false, ipcns = false;

	for (size_t a = 0; a < kind->nattrs; a++) {
		port |= kind->attrs[a]->port;
		netns |= strcmp(kind->attrs[a]->json, "netns") == 0;
		ipcns |= strcmp(kind->attrs[a]->json, "ipcns") == 0;
	}
	return (port || !sel->nports) && (netns || !sel->has_netns) && (ipcns || !sel->has_ipcns);
}

void selection_default_kinds(struct selection *sel)
{
	/* Only stale objects: the kinds that can leave some behind. */
	if (!sel->kinds && sel->stale_only) {
		for (size_t k = 0; k < kinds_count(); k++)
			if (kind_at(k)->remove)
				sel->kinds |= 1UL << k;
		return;
	}
	if (sel->kinds || (!sel->nports && !sel->has_netns && !sel->has_ipcns))
		return;
	for (size_t k = 0; k < kinds_count(); k++)
		if (kind_has_fields(kind_at(k), sel))
			sel->kinds |= 1UL << k;
}

bool selection_has_kind(const struct selection *sel, size_t kind_pos)
{
	return sel->kinds == 0 || (sel->kinds & (1UL << kind_pos));
}

static bool held_by_pid(const struct selection *sel, const struct ipc_object *obj)
{
	for (size_t h = 0; h < obj->nholders; h++)
		for (size_t i = 0; i < sel->npids; i++)
			if (obj->holders[h].proc->pid == sel->pids[i])
				return true;
	return false;
}

static bool belongs_to_user(const struct selection *sel, const struct ipc_object *obj)
{
	if (obj->has_uid && obj->uid == sel->uid)
		return true;
	for (size_t h = 0; h < obj->nholders; h++)
		if (obj->holders[h].proc->uid == sel->uid)
			return true;
	return false;
}

/* Whether one of the object's ports, local or remote, is one of --port's. */
static bool has_port(const struct ipc_object *obj, const struct selection *sel)
{
	for (size_t a = 0; a < obj->kind->nattrs; a++) {
		const struct attr_value *v = &obj->attrs[a];
		if (!obj->kind->attrs[a]->port || !v->known)
			continue;
		for (size_t i = 0; i < sel->nports; i++)
			if (v->u == sel->ports[i])
				return true;
	}
	return false;
}

/* Whether the object's field of that name is known and equal to inode. */
static bool in_namespace(const struct ipc_object *obj, const char *field, uint64_t inode)
{
	const struct attr_value *v = ipc_object_attr_named(obj, field);
	return v && v->known && v->u == inode;
}

static bool holders_in(const struct ipc_holder *h, size_t n, const char *container)
{
	for (size_t i = 0; i < n; i++)
		if (container_matches(h[i].proc->container, container))
			return true;
	return false;
}

/* A holder of the object, or of the other end of its connection. */
static bool held_in_container(const struct selection *sel, const struct ipc_object *obj)
{
	if (holders_in(obj->holders, obj->nholders, sel->container))
		return true;
	for (size_t a = 0; a < obj->kind->nattrs; a++) {
		const struct attr_value *v = &obj->attrs[a];
		if (obj->kind->attrs[a]->type == ATTR_PEER && v->known &&
		    holders_in(v->peer->holders, v->peer->nholders, sel->container))
			return true;
	}
	return false;
}

bool selection_matches(const struct selection *sel, const struct ipc_object *obj)
{
	if (sel->has_netns && !in_namespace(obj, "netns", sel->netns))
		return false;
	if (sel->has_ipcns && !in_namespace(obj, "ipcns", sel->ipcns))
		return false;
	if (sel->container && !held_in_container(sel, obj))
		return false;
	if (sel->name_glob && (!obj->name || fnmatch(sel->name_glob, obj->name, 0) != 0))
		return false;
	if (sel->nports && !has_port(obj, sel))
		return false;
	if (sel->npids && !held_by_pid(sel, obj))
		return false;
	if (sel->by_user && !belongs_to_user(sel, obj))
		return false;
	if (sel->stale_only && !obj->stale)
		return false;
	if (sel->filter && !filter_expr_matches(sel->filter, obj))
		return false;
	return true;
}

void selection_free(struct selection *sel)
{
	free(sel->pids);
	free(sel->name_glob);
	free(sel->ports);
	free(sel->container);
	filter_expr_free(sel->filter);
	free(sel->filter_text);
	strvec_free(&sel->stale_paths);
	*sel = (struct selection){ 0 };
}

bool selection_wants_namespace(const struct selection *sel, const struct namespace *ns)
{
	if (sel->ns_self && !ns->own)
		return false;
	if (ns->type == NS_NET && sel->has_netns)
		return ns->inode == sel->netns;
	if (ns->type == NS_IPC && sel->has_ipcns)
		return ns->inode == sel->ipcns;
	return true;
}
