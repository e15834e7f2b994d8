#include "selection.h"
#include "ipc_object.h"
#include "kinds.h"
#include "namespaces.h"
#include "procindex.h"
#include "strvec.h"
#include "users.h"
#include "util.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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
			msg_error("unknown kind '%s'; valid kinds: %s", names.items[i], kinds_names());
			rc = -1;
			break;
		}
		sel->kinds |= 1UL << k;
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

void selection_default_stale_paths(struct selection *sel)
{
	static const char *const defaults[] = { "/tmp", "/run", "/var/tmp", "/dev/shm" };

	if (!sel->stale || sel->stale_paths.len)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(defaults); i++)
		strvec_push(&sel->stale_paths, xstrdup(defaults[i]));
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
	if (sel->kinds || !sel->nports)
		return;
	for (size_t k = 0; k < kinds_count(); k++)
		for (size_t a = 0; a < kind_at(k)->nattrs; a++)
			if (kind_at(k)->attrs[a]->port)
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

bool selection_matches(const struct selection *sel, const struct ipc_object *obj)
{
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
	return true;
}

void selection_free(struct selection *sel)
{
	free(sel->pids);
	free(sel->name_glob);
	free(sel->ports);
	free(sel->container);
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
