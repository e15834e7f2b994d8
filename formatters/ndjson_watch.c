/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * watch --ndjson: the object exactly as list --json writes it, and for a
 * change, each member that differs with its old and new values in the same
 * form, or for the holders, those that joined and those that left.
 */
#include "format_writers.h"
#include "ipc_object.h"
#include "json_object.h"
#include "jsonw.h"
#include "snapshot_diff.h"

#include <string.h>

static void write_change(struct jsonw *w, const struct object_diff *d, const char *key)
{
	jw_object_begin(w);
	jw_key(w, "field");
	jw_string(w, key);
	if (strcmp(key, "holders") == 0) {
		jw_key(w, "joined");
		json_write_holders(w, d->joined, d->njoined);
		jw_key(w, "left");
		json_write_holders(w, d->left, d->nleft);
	} else {
		json_write_member_as(w, d->old, key, "old");
		json_write_member_as(w, d->now, key, "new");
	}
	jw_object_end(w);
}

/* The exact bytes of a changed name too, where "old" or "new" of "name" lost some. */
static void write_name_bytes_change(struct jsonw *w, const struct object_diff *d)
{
	if ((!d->old->name || jw_is_utf8(d->old->name)) && (!d->now->name || jw_is_utf8(d->now->name)))
		return;
	write_change(w, d, "name_bytes");
}

/* {"time":...,"event":...,"object":{...}[,"changes":[...]]} */
int ndjson_print_watch_event(const char *time, const struct object_diff *d, FILE *out)
{
	struct jsonw w;

	jw_init(&w, out);
	jw_object_begin(&w);
	jw_key(&w, "time");
	jw_string(&w, time);
	jw_key(&w, "event");
	jw_string(&w, diff_event_name(d->event));
	jw_key(&w, "object");
	json_write_object(&w, d->now ? d->now : d->old);
	if (d->event == DIFF_CHANGED) {
		jw_key(&w, "changes");
		jw_array_begin(&w);
		for (size_t i = 0; i < d->nkeys; i++) {
			write_change(&w, d, d->keys[i]);
			if (strcmp(d->keys[i], "name") == 0)
				write_name_bytes_change(&w, d);
		}
		jw_array_end(&w);
	}
	jw_object_end(&w);
	putc('\n', out);
	return ferror(out) ? -1 : 0;
}
