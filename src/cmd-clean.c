/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * ipcscope clean: remove what `stale` finds, never an object in use.  The
 * plan is made from one snapshot; just before removing anything a second
 * snapshot must still find each object stale, and each kind's remove()
 * then checks the object itself once more (IPC_STAT, or the inode behind
 * the name) right before the call that removes it.
 */
#include "clean_report.h"
#include "commands.h"
#include "file_place.h"
#include "ipc_object.h"
#include "kinds.h"
#include "list_options.h"
#include "pid_namespace.h"
#include "procindex.h"
#include "snapshot.h"
#include "stale.h"
#include "users.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

extern const struct command command_clean;

static size_t unreadable_possible_holders(const struct procindex *idx, const struct ipc_object *obj)
{
	size_t n = 0;

	for (size_t i = 0; i < idx->nprocs; i++) {
		const struct proc_info *p = &idx->procs[i];
		n += p->unreadable && (p->uid == 0 || !obj->has_uid || p->uid == obj->uid ||
				       !obj->has_mode || (obj->mode & 077));
	}
	return n;
}

/* Why clean will not even try this one, or NULL. */
static char *refusal(const struct list_options *o, const struct snapshot *plan,
		     const struct ipc_object *obj)
{
	uid_t me = geteuid();

	if (!obj->kind->remove)
		return xasprintf("ipcscope does not remove %s objects", obj->kind->name);
	if (me != 0 && (!obj->has_uid || obj->uid != me)) {
		const char *owner = obj->has_uid ? user_name(obj->uid) : NULL;
		return obj->has_uid ? xasprintf("owned by %s (uid %u): only its owner or root may remove it",
						owner ? owner : "another user", (unsigned)obj->uid)
				    : xstrdup("its owner is unknown: only root may remove it");
	}
	/*
	 * That nobody holds it rests on having seen every process that could:
	 * one we could not read may hold it, if it could open it at all (it
	 * runs as root or as the owner, or the mode lets others in).
	 */
	size_t unseen = obj->kind->stale_by_holders && !o->ignore_unreadable
				? unreadable_possible_holders(&plan->index, obj)
				: 0;
	if (unseen)
		return xasprintf("%zu process%s that could hold it could not be read (see "
				 "\"unreadable\"); --ignore-unreadable removes it all the same",
				 unseen, unseen == 1 ? "" : "es");
	if (obj->kind->stale_by_holders && !o->ignore_unreadable && !pid_namespace_is_initial())
		return xstrdup("the processes outside this PID namespace cannot be seen, and one "
			       "may hold it; --ignore-unreadable removes it all the same");
	return NULL;
}

static int by_kind_and_id(const void *a, const void *b)
{
	const struct ipc_object *x = *(const struct ipc_object *const *)a;
	const struct ipc_object *y = *(const struct ipc_object *const *)b;
	int kx = kind_index(x->kind), ky = kind_index(y->kind);

	if (kx != ky)
		return kx < ky ? -1 : 1;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

static const struct ipc_object *find_again(const struct snapshot *fresh, const struct ipc_object *obj)
{
	if (!fresh->nobjects)
		return NULL;
	const struct ipc_object *const *hit =
		bsearch(&obj, fresh->objects, fresh->nobjects, sizeof(*fresh->objects), by_kind_and_id);
	return hit ? *hit : NULL;
}

static const char *holder_command(const struct ipc_object *obj)
{
	return obj->holders[0].proc->command ? obj->holders[0].proc->command : "?";
}

/*
 * Not stale any more, or gone.  A FIFO or socket file found on disk is
 * listed only while unused, so its absence says little: its path tells.
 */
static char *why_not_found(const struct ipc_object *obj)
{
	struct stat st;
	char *why = NULL;

	if (!obj->place)
		return xstrdup("it is gone already");
	int dfd = file_place_open_dir(obj->place, &why);
	if (dfd < 0)
		return why ? why : xstrdup("its directory cannot be opened again");
	int rc = fstatat(dfd, obj->place->name, &st, AT_SYMLINK_NOFOLLOW);
	close(dfd);
	if (rc < 0)
		return xstrdup("it is gone already");
	if ((uint64_t)st.st_ino == obj->inode)
		return xstrdup("it is in use again");
	return xstrdup("another file has that name now");
}

/* Checked against the fresh snapshot, then removed by its kind; fills r. */
static void remove_one(const struct snapshot *fresh, const struct ipc_object *obj,
		       struct clean_result *r)
{
	const struct ipc_object *now = find_again(fresh, obj);

	r->action = CLEAN_SKIPPED;
	if (!now) {
		r->reason = why_not_found(obj);
		return;
	}
	if (obj->has_inode && now->has_inode && now->inode != obj->inode) {
		r->reason = xstrdup("it was made anew under the same name since it was found");
		return;
	}
	if (!now->stale) {
		if (!now->nholders)
			r->reason = xstrdup("it is in use again");
		else if (now->holders[0].via == VIA_OPEN)
			r->reason = xasprintf("it is in use again: a process (%d/%s) is blocked opening it",
					      now->holders[0].proc->pid, holder_command(now));
		else
			r->reason = xasprintf("it is in use again: held by %d/%s",
					      now->holders[0].proc->pid, holder_command(now));
		return;
	}
	errno = 0;
	int rc = obj->kind->remove(fresh, obj, &r->reason);
	if (rc == STALE_REMOVED) {
		r->action = CLEAN_REMOVED;
	} else if (rc == STALE_FAILED) {
		r->action = CLEAN_FAILED;
		r->err = errno ? errno : EIO;
		r->reason = xstrdup(strerror(r->err));
	}
}

/* On the terminal: the plan, and a yes or no. */
static bool confirmed(const struct list_options *o, const struct snapshot *plan,
		      struct ipc_object **planned, size_t n)
{
	struct snapshot view = *plan;
	char answer[16];

	view.objects = planned;
	view.nobjects = n;
	formatter_find("table", DOC_OBJECTS)->objects(&view, &o->out, stderr);
	fprintf(stderr, "Remove %s %zu object%s? [y/N] ", n == 1 ? "this" : "these", n,
		n == 1 ? "" : "s");
	fflush(stderr);
	if (!fgets(answer, sizeof(answer), stdin))
		return false;
	return answer[0] == 'y' || answer[0] == 'Y';
}

static const struct ipc_object *result_object(const void *result)
{
	return ((const struct clean_result *)result)->obj;
}

static int clean(const struct list_options *o)
{
	struct snapshot plan = { 0 }, fresh = { 0 };
	struct selection again = o->sel; /* the same, with the objects in use too */
	struct ipc_object **planned = NULL;
	struct clean_result *results = NULL;
	size_t nplanned = 0, nresults = 0;
	int status = EXIT_RUNTIME;

	if (snapshot_build(&plan, &o->sel) < 0)
		goto done;
	snapshot_report(&plan);
	sort_objects(&o->sort, plan.objects, plan.nobjects);
	planned = xcalloc(plan.nobjects + 1, sizeof(*planned));
	results = xcalloc(plan.nobjects + 1, sizeof(*results));
	for (size_t i = 0; i < plan.nobjects; i++) {
		char *why = refusal(o, &plan, plan.objects[i]);
		if (why)
			results[nresults++] = (struct clean_result){ plan.objects[i], CLEAN_SKIPPED, why, 0 };
		else
			planned[nplanned++] = plan.objects[i];
	}

	if (o->dry_run || nplanned == 0) {
		for (size_t i = 0; i < nplanned; i++)
			results[nresults++] = (struct clean_result){ planned[i], CLEAN_WOULD_REMOVE, NULL, 0 };
	} else if (!o->yes && !confirmed(o, &plan, planned, nplanned)) {
		fprintf(stderr, "Nothing removed.\n");
		status = EXIT_RUNTIME;
		goto done;
	} else {
		/* Everything that could have changed since the plan is looked at anew. */
		again.stale_only = false;
		if (snapshot_build(&fresh, &again) < 0)
			goto done;
		if (fresh.nobjects > 1) /* none: there is no array at all */
			qsort(fresh.objects, fresh.nobjects, sizeof(*fresh.objects), by_kind_and_id);
		for (size_t i = 0; i < nplanned; i++) {
			struct clean_result *r = &results[nresults++];
			r->obj = planned[i];
			remove_one(&fresh, planned[i], r);
		}
	}

	/* The skipped ones were set down first: --sort mixes them in again. */
	sort_items(&o->sort, results, nresults, sizeof(*results), result_object);
	status = EXIT_OK;
	for (size_t i = 0; i < nresults; i++)
		if (results[i].action == CLEAN_FAILED)
			status = EXIT_RUNTIME;
	struct clean_report report = { .results = results, .n = nresults, .plan = &plan };
	int written = o->fmt->clean(&report, &o->out, stdout);
	if ((fflush(stdout) != 0 || written < 0) && errno != EPIPE) {
		msg_error("write error: %s", strerror(errno));
		status = EXIT_RUNTIME;
	}
done:
	for (size_t i = 0; i < nresults; i++)
		free(results[i].reason);
	free(results);
	free(planned);
	snapshot_free(&fresh);
	snapshot_free(&plan);
	return status;
}

static int run_clean(int argc, char **argv)
{
	struct list_options o;
	int status = list_options_parse(&o, &command_clean, argc, argv, true);

	if (status < 0 && !o.yes && !o.dry_run && !isatty(STDIN_FILENO)) {
		msg_error("clean: there is no terminal to ask on: give --yes to remove without "
			  "asking, or --dry-run to see what would go");
		status = EXIT_USAGE;
	}
	if (status < 0)
		status = clean(&o);
	list_options_free(&o);
	return status;
}

static const struct option_spec clean_options[] = {
	LIST_SELECTION_OPTIONS,
	LIST_STALE_ONLY_OPTIONS,
	LIST_REMOVAL_OPTIONS,
	LIST_OUTPUT_OPTIONS,
	OPTION_END,
};

const struct command command_clean = {
	.name = "clean",
	.document = DOC_CLEAN,
	.summary = "remove stale objects, checking each once more first",
	.usage = "[options] [KIND...]",
	.description = "Remove the stale objects 'ipcscope stale' lists, after checking each once\n"
		       "more; only your own objects, unless you are root.  On a terminal it shows\n"
		       "the plan and asks first.",
	.options = clean_options,
	.family_options = list_family_options,
	.run = run_clean,
};
