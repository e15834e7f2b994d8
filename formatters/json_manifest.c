/* SPDX-License-Identifier: GPL-2.0-or-later */
/* load --json: the load, every object it made with its holders, and what it could not make. */
#include "format_writers.h"
#include "json_document.h"
#include "jsonw.h"
#include "load.h"

#include <unistd.h>

static void write_pids(struct jsonw *w, const struct load *L, uint64_t workers)
{
	jw_array_begin(w);
	for (unsigned i = 0; i < L->nworkers; i++)
		if (workers & worker_bit(i))
			jw_i64(w, L->workers[i]);
	jw_array_end(w);
}

int json_print_manifest(const struct load *L, FILE *out)
{
	struct jsonw w;

	json_document_begin(&w, out);
	jw_key(&w, "load");
	jw_object_begin(&w);
	jw_key(&w, "pid");
	jw_i64(&w, getpid());
	jw_key(&w, "dir");
	jw_string(&w, L->dir);
	jw_key(&w, "stale_dir");
	jw_string(&w, L->stale ? L->stale_dir : NULL);
	jw_key(&w, "workers");
	write_pids(&w, L, L->nworkers >= 64 ? ~(uint64_t)0 : (worker_bit(L->nworkers) - 1));
	jw_object_end(&w);
	jw_key(&w, "objects");
	jw_array_begin(&w);
	for (size_t i = 0; i < L->nobjects; i++) {
		const struct load_object *o = &L->objects[i];
		jw_object_begin(&w);
		jw_key(&w, "kind");
		jw_string(&w, o->kind);
		jw_key(&w, "id");
		jw_string(&w, o->id);
		jw_key(&w, "name");
		jw_string(&w, o->name);
		jw_key(&w, "holders");
		write_pids(&w, L, o->holders);
		jw_key(&w, "waiters");
		jw_array_begin(&w);
		for (size_t k = 0; k < o->nwaiters; k++)
			jw_i64(&w, o->waiters[k]);
		jw_array_end(&w);
		jw_key(&w, "stale");
		jw_bool(&w, o->stale);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	jw_key(&w, "skipped");
	jw_array_begin(&w);
	for (size_t i = 0; i < L->nskips; i++) {
		jw_object_begin(&w);
		jw_key(&w, "kind");
		jw_string(&w, L->skips[i].kind);
		jw_key(&w, "reason");
		jw_string(&w, L->skips[i].reason);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	/* The load reads no process: no "unreadable". */
	return json_document_end(&w, NULL, &L->warnings);
}
