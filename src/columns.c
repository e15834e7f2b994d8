/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "columns.h"
#include "container.h"
#include "human_size.h"
#include "ipc_object.h"
#include "kinds.h"
#include "procindex.h"
#include "registry.h"
#include "selection.h"
#include "strvec.h"
#include "users.h"
#include "util.h"

#include <stdio.h>
#include <sys/types.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static char *cell_kind(const struct ipc_object *o)
{
	return xstrdup(o->kind->name);
}

static char *cell_id(const struct ipc_object *o)
{
	return o->id ? xstrdup(o->id) : NULL;
}

static char *cell_name(const struct ipc_object *o)
{
	return o->name ? xstrdup(o->name) : NULL;
}

static char *cell_inode(const struct ipc_object *o)
{
	return o->has_inode ? xasprintf("%llu", (unsigned long long)o->inode) : NULL;
}

static char *cell_uid(const struct ipc_object *o)
{
	return o->has_uid ? xasprintf("%u", (unsigned)o->uid) : NULL;
}

static char *cell_user(const struct ipc_object *o)
{
	if (!o->has_uid)
		return NULL;
	const char *name = user_name(o->uid);
	/* A table reader is better served by the number than by a blank. */
	return name ? xstrdup(name) : xasprintf("%u", (unsigned)o->uid);
}

static char *cell_gid(const struct ipc_object *o)
{
	return o->has_gid ? xasprintf("%u", (unsigned)o->gid) : NULL;
}

static char *cell_mode(const struct ipc_object *o)
{
	return o->has_mode ? xasprintf("%04o", (unsigned)o->mode) : NULL;
}

static char *cell_nholders(const struct ipc_object *o)
{
	return xasprintf("%zu", o->nholders);
}

/* "4242/cat[3r],4243/sh[1w]": who holds it, through which descriptor, how.
 * Commas, not blanks, so a raw (-r) row keeps the list as one plain field. */
char *holders_text(const struct ipc_holder *holders, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const struct ipc_holder *h = &holders[i];
		const char *access = access_string(h->access);
		fprintf(f, "%s%d/%s[", i ? "," : "", h->proc->pid,
			h->proc->command ? h->proc->command : "?");
		if (h->via == VIA_FD)
			fprintf(f, "%d", h->fd);
		else
			fprintf(f, "%s ", via_string(h->via));
		fprintf(f, "%s]", access ? access : "");
	}
	fclose(f);
	return buf;
}

static char *cell_holders(const struct ipc_object *o)
{
	/* Nobody, or holders do not apply (a SysV queue): "-", not an empty cell. */
	if (!o->nholders)
		return NULL;
	return holders_text(o->holders, o->nholders);
}

/* Whether a holder before the i-th runs in the same container. */
static bool container_seen(const struct ipc_object *o, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (o->holders[j].proc->container &&
		    strcmp(o->holders[j].proc->container, o->holders[i].proc->container) == 0)
			return true;
	return false;
}

/* "docker:0123456789ab,systemd:cron.service": where the holders run, each once. */
static char *cell_container(const struct ipc_object *o)
{
	char *buf = NULL;
	size_t len = 0, n = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < o->nholders; i++) {
		if (!o->holders[i].proc->container || container_seen(o, i))
			continue;
		char *shown = container_short(o->holders[i].proc->container);
		fprintf(f, "%s%s", n++ ? "," : "", shown);
		free(shown);
	}
	fclose(f);
	if (!n) {
		free(buf);
		return NULL;
	}
	return buf;
}

static char *cell_summary(const struct ipc_object *o)
{
	return o->kind->summary ? o->kind->summary(o) : NULL;
}

static char *cell_stale(const struct ipc_object *o)
{
	return o->stale ? xstrdup(o->stale->reason) : NULL;
}

static char *cell_stale_since(const struct ipc_object *o)
{
	char when[UTC_TIME_LEN];

	if (!o->stale || !o->stale->has_since)
		return NULL;
	format_utc_time(o->stale->since, when);
	return xstrdup(when);
}

static const struct column common_columns[] = {
	{ "KIND", "kind of object", 5, 0, NULL, cell_kind },
	{ "ID", "identifier, unique within the kind", 8, COL_RIGHT | COL_KEY, NULL, cell_id },
	{ "NAME", "name or path, when the object has one", 16, COL_TRUNC | COL_PATH, NULL, cell_name },
	{ "INODE", "inode number", 8, COL_RIGHT, NULL, cell_inode },
	{ "USER", "owner", 6, 0, NULL, cell_user },
	{ "UID", "owner's user id", 5, COL_RIGHT, NULL, cell_uid },
	{ "GID", "owner's group id", 5, COL_RIGHT, NULL, cell_gid },
	{ "MODE", "permission bits, octal", 4, COL_RIGHT, NULL, cell_mode },
	{ "NHOLDERS", "number of holders", 3, COL_RIGHT, NULL, cell_nholders },
	{ "SUMMARY", "the object in a few words, e.g. 127.0.0.1:80 -> 127.0.0.1:5123 established", 24, COL_TRUNC, NULL, cell_summary },
	{ "HOLDERS", "holders as PID/COMMAND[FD+ACCESS], e.g. 4242/cat[3r]", 20, COL_WRAP, NULL, cell_holders },
	{ "CONTAINER", "containers or services the holders run in, e.g. docker:0123456789ab", 20, COL_WRAP, NULL, cell_container },
	{ "STALE", "why nothing uses it any more (with --stale, and in stale and clean)", 30, COL_TRUNC, NULL, cell_stale },
	{ "STALE-SINCE", "its last activity, UTC, when it is stale", 20, 0, NULL, cell_stale_since },
};

static struct column *all_columns;
static size_t nall_columns;

static void build_columns(void)
{
	size_t cap = ARRAY_SIZE(common_columns);

	for (size_t k = 0; k < kinds_count(); k++)
		cap += kind_at(k)->nattrs;
	all_columns = xcalloc(cap, sizeof(*all_columns));
	memcpy(all_columns, common_columns, sizeof(common_columns));
	nall_columns = ARRAY_SIZE(common_columns);

	for (size_t k = 0; k < kinds_count(); k++) {
		const struct kind *kind = kind_at(k);
		for (size_t a = 0; a < kind->nattrs; a++) {
			const struct attr_def *def = kind->attrs[a];
			if (column_find(def->column))
				continue;
			all_columns[nall_columns++] = (struct column){
				.name = def->column,
				.help = def->help,
				.width_hint = def->width_hint,
				.flags = def->col_flags,
				.attr_json = def->json,
			};
		}
	}
}

size_t columns_count(void)
{
	if (!all_columns)
		build_columns();
	return nall_columns;
}

const struct column *column_at(size_t i)
{
	return i < columns_count() ? &all_columns[i] : NULL;
}

const struct column *column_find(const char *name)
{
	if (!all_columns)
		build_columns();
	for (size_t i = 0; i < nall_columns; i++)
		if (strcasecmp(all_columns[i].name, name) == 0)
			return &all_columns[i];
	return NULL;
}

/* "1,0,-" with "-" for an item that could not be read. */
static char *int_list_text(const struct int_list *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].known)
			fprintf(f, "%s%lld", i ? "," : "", (long long)l->items[i].v);
		else
			fprintf(f, "%s-", i ? "," : "");
	}
	fclose(f);
	return buf;
}

/* "4243/flock[write 0-EOF]", as HOLDERS writes processes; NULL for none. */
static char *waiters_text(const struct waiter_list *w)
{
	char *buf = NULL;
	size_t len = 0;

	if (!w->n)
		return NULL;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (size_t i = 0; i < w->n; i++) {
		const struct lock_waiter *lw = &w->items[i];
		fprintf(f, "%s", i ? "," : "");
		if (lw->has_pid)
			fprintf(f, "%d/%s", lw->pid, lw->command ? lw->command : "?");
		else
			fprintf(f, "?");
		fprintf(f, "[%s %llu-", lw->mode, (unsigned long long)lw->start);
		if (lw->to_eof)
			fprintf(f, "EOF]");
		else
			fprintf(f, "%llu]", (unsigned long long)lw->end);
	}
	fclose(f);
	return buf;
}

static char *attr_text(const struct attr_def *def, const struct attr_value *v)
{
	switch (def->type) {
	case ATTR_UINT:
		if (def->bytes)
			return size_cell(v->u);
		return xasprintf("%llu", (unsigned long long)v->u);
	case ATTR_INT:
		return xasprintf("%lld", (long long)v->i);
	case ATTR_STR:
		return xstrdup(v->s);
	case ATTR_BOOL:
		return xstrdup(v->b ? "yes" : "no");
	case ATTR_PEER:
		/* Who is on the other end; its inode alone when nobody we can see holds it. */
		return v->peer->nholders ? holders_text(v->peer->holders, v->peer->nholders)
					 : xasprintf("inode %llu", (unsigned long long)v->peer->inode);
	case ATTR_TIME: {
		char when[UTC_TIME_LEN];
		format_utc_time(v->i, when);
		return xstrdup(when);
	}
	case ATTR_INT_LIST:
		return int_list_text(&v->list);
	case ATTR_WAITERS:
		return waiters_text(&v->waiters);
	}
	return NULL;
}

char *column_cell(const struct column *col, const struct ipc_object *obj)
{
	if (col->cell)
		return col->cell(obj);
	for (size_t i = 0; i < obj->kind->nattrs; i++) {
		const struct attr_def *def = obj->kind->attrs[i];
		if (strcmp(def->json, col->attr_json) == 0)
			return obj->attrs[i].known ? attr_text(def, &obj->attrs[i]) : NULL;
	}
	return NULL;
}

static ssize_t position(const struct column **cols, size_t n, const struct column *c)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i] == c)
			return (ssize_t)i;
	return -1;
}

static void insert_at(const struct column ***cols, size_t *n, size_t at, const struct column *c)
{
	*cols = xreallocarray(*cols, *n + 1, sizeof(**cols));
	memmove(&(*cols)[at + 1], &(*cols)[at], (*n - at) * sizeof(**cols));
	(*cols)[at] = c;
	(*n)++;
}

static void add_unique(const struct column ***cols, size_t *n, const struct column *c)
{
	if (position(*cols, *n, c) < 0)
		insert_at(cols, n, *n, c);
}

/*
 * "  KIND, ID, ...": for the message about an unknown column, several names
 * a line, each line at most 80 characters.
 */
static char *column_names(void)
{
	char *joined = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&joined, &len);
	int width = 0;

	if (!f)
		return xstrdup("");
	for (size_t i = 0; i < columns_count(); i++) {
		int n = (int)strlen(all_columns[i].name) + (i + 1 < columns_count() ? 1 : 0);
		if (width && width + 1 + n > 80) {
			fputc('\n', f);
			width = 0;
		}
		width += fprintf(f, "%s%s%s", width ? " " : "  ", all_columns[i].name,
				 i + 1 < columns_count() ? "," : "");
	}
	fclose(f);
	return joined;
}

/* The column whose name is closest to a misspelled one, or NULL. */
static const char *column_suggest(const char *name)
{
	struct suggestion s;

	suggestion_start(&s, name);
	for (size_t i = 0; i < columns_count(); i++)
		suggestion_consider(&s, all_columns[i].name);
	return s.best;
}

/* The columns of -o LIST, in its order; "spec" is the option as given, for messages. */
static int add_list(const char *list, const char *spec, const struct column ***cols, size_t *n)
{
	struct strvec names = { 0 };
	const struct column **named;
	int rc = 0;

	if (strvec_has_empty_item(list, ',')) {
		msg_error("empty column name in -o '%s'; columns go separated by single commas, "
			  "e.g. -o KIND,ID,HOLDERS", spec);
		return -1;
	}
	strvec_split(&names, list, ',');
	named = xcalloc(names.len, sizeof(*named));
	for (size_t i = 0; i < names.len && rc == 0; i++) {
		const struct column *c = column_find(names.items[i]);
		if (!c) {
			char *valid = column_names();
			msg_error("unknown column '%s';%s valid columns:\n%s", names.items[i],
				  did_you_mean(column_suggest(names.items[i])), valid);
			free(valid);
			rc = -1;
			break;
		}
		for (size_t j = 0; j < i; j++)
			if (named[j] == c) {
				msg_error("column %s is given twice in -o '%s'", c->name, spec);
				rc = -1;
			}
		named[i] = c;
		/* "+INODE" where INODE is a default already: it is there, as asked. */
		if (rc == 0)
			add_unique(cols, n, c);
	}
	free(named);
	strvec_free(&names);
	return rc;
}

/*
 * Merge one kind's default columns into the others' and keep each kind's
 * order: a column new to the list goes before the next of its kind's
 * columns already there.
 */
static void merge_defaults(const char *list, const struct column ***cols, size_t *n)
{
	struct strvec names = { 0 };

	strvec_split(&names, list, ',');
	for (size_t i = 0; i < names.len; i++) {
		const struct column *c = column_find(names.items[i]);
		if (!c || position(*cols, *n, c) >= 0)
			continue;
		size_t at = *n;
		for (size_t j = i + 1; j < names.len && at == *n; j++) {
			ssize_t p = position(*cols, *n, column_find(names.items[j]));
			if (p >= 0)
				at = (size_t)p;
		}
		insert_at(cols, n, at, c);
	}
	strvec_free(&names);
}

/*
 * With no kind named, every kind is listed: their own columns together would
 * be some thirty, mostly empty on any one row, so the overview shows what
 * all kinds share, each kind's one-line SUMMARY and a socket's PEER, in 80
 * columns (USER and MODE, -o +USER,MODE, would leave the others a few
 * characters each).
 */
#define OVERVIEW_COLUMNS "KIND,ID,NAME,SUMMARY,PEER,HOLDERS"
/* Stale objects have no holders to show, but a reason: the path, which a
 * person reads before removing, and the reason fit 80 columns without the
 * time (-o +STALE-SINCE). */
#define STALE_COLUMNS "KIND,ID,NAME,USER,STALE"

/* A kind without holders (a SysV queue) adds columns after HOLDERS; the wide
 * holders list reads best at the end. */
static void keep_last(const struct column **cols, size_t n, const struct column *c)
{
	ssize_t p = position(cols, n, c);

	if (p < 0)
		return;
	memmove(&cols[p], &cols[p + 1], (n - (size_t)p - 1) * sizeof(*cols));
	cols[n - 1] = c;
}

int columns_choose(const char *spec, const struct selection *sel, const struct column ***out,
		   size_t *n)
{
	*out = NULL;
	*n = 0;
	if (!spec || spec[0] == '+') {
		if (sel->stale_only)
			merge_defaults(STALE_COLUMNS, out, n);
		else if (columns_are_overview(spec, sel))
			merge_defaults(OVERVIEW_COLUMNS, out, n);
		else
			for (size_t k = 0; k < kinds_count(); k++)
				if (selection_has_kind(sel, k))
					merge_defaults(kind_at(k)->default_columns, out, n);
		if (sel->stale && !sel->stale_only)
			merge_defaults("STALE", out, n);
		keep_last(*out, *n, column_find("HOLDERS"));
		if (spec && !spec[1]) {
			msg_error("-o '+' adds no column; name the ones to add, e.g. -o +INODE");
			goto fail;
		}
	}
	if (spec && add_list(spec[0] == '+' ? spec + 1 : spec, spec, out, n) < 0)
		goto fail;
	if (*n == 0) {
		msg_error("no columns given; see --list-columns");
		goto fail;
	}
	return 0;
fail:
	free(*out);
	*out = NULL;
	*n = 0;
	return -1;
}

/*
 * Kinds of different columns side by side would each bring their own, a
 * table far wider than a terminal: the overview shows them alike.  Kinds
 * of the same columns (tcp, udp and raw) keep theirs.
 */
static bool kinds_share_columns(const struct selection *sel)
{
	const char *first = NULL;

	for (size_t k = 0; k < kinds_count(); k++) {
		if (!selection_has_kind(sel, k))
			continue;
		if (first && strcmp(first, kind_at(k)->default_columns) != 0)
			return false;
		first = kind_at(k)->default_columns;
	}
	return true;
}

bool columns_are_overview(const char *spec, const struct selection *sel)
{
	return (!spec || spec[0] == '+') && !sel->stale_only &&
	       (sel->kinds == 0 || !kinds_share_columns(sel));
}

bool objects_have_container(struct ipc_object *const *objects, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t h = 0; h < objects[i]->nholders; h++)
			if (objects[i]->holders[h].proc->container)
				return true;
	return false;
}

const struct column **columns_with_container(const struct column *const *cols, size_t *n)
{
	const struct column **out = xcalloc(*n + 1, sizeof(*out));
	const struct column *container = column_find("CONTAINER");
	ssize_t holders;

	memcpy(out, cols, *n * sizeof(*out));
	if (position(out, *n, container) >= 0)
		return out;
	holders = position(out, *n, column_find("HOLDERS"));
	insert_at(&out, n, holders >= 0 ? (size_t)holders : *n, container);
	return out;
}
