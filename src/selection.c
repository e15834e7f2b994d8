#include "selection.h"
#include "ipc_object.h"
#include "kinds.h"
#include "procindex.h"
#include "strvec.h"
#include "users.h"
#include "util.h"

#include <stdlib.h>

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
	if (obj->has_owner && obj->uid == sel->uid)
		return true;
	for (size_t h = 0; h < obj->nholders; h++)
		if (obj->holders[h].proc->uid == sel->uid)
			return true;
	return false;
}

bool selection_matches(const struct selection *sel, const struct ipc_object *obj)
{
	if (sel->npids && !held_by_pid(sel, obj))
		return false;
	if (sel->by_user && !belongs_to_user(sel, obj))
		return false;
	return true;
}

void selection_free(struct selection *sel)
{
	free(sel->pids);
	*sel = (struct selection){ 0 };
}
