/* What `load` made: a short table per kind for people, every object in JSON for scripts. */
#include "jsonw.h"
#include "load.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void write_pids(struct jsonw *w, const struct load *L, uint64_t workers)
{
	jw_array_begin(w);
	for (unsigned i = 0; i < L->nworkers; i++)
		if (workers & worker_bit(i))
			jw_i64(w, L->workers[i]);
	jw_array_end(w);
}

static void print_json(const struct load *L)
{
	struct jsonw w;

	jw_init(&w, stdout);
	jw_object_begin(&w);
	jw_key(&w, "schema");
	jw_string(&w, "ipcscope/1");
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
	jw_key(&w, "warnings");
	jw_array_begin(&w);
	for (size_t i = 0; i < L->warnings.len; i++)
		jw_string(&w, L->warnings.items[i]);
	jw_array_end(&w);
	jw_object_end(&w);
	putchar('\n');
}

/* One line per kind: how many, and which processes hold them. */
static void print_table(const struct load *L)
{
	printf("%-10s %7s %7s  %s\n", "KIND", "OBJECTS", "WAITERS", "HOLDERS");
	for (size_t i = 0; i < L->nobjects;) {
		const char *kind = L->objects[i].kind;
		bool stale = L->objects[i].stale;
		size_t n = 0, waiters = 0;
		uint64_t holders = 0;
		for (; i < L->nobjects && L->objects[i].kind == kind && L->objects[i].stale == stale;
		     i++, n++) {
			holders |= L->objects[i].holders;
			waiters += L->objects[i].nwaiters;
		}
		printf("%-10s %7zu %7zu  ", kind, n, waiters);
		const char *sep = "";
		for (unsigned w = 0; w < L->nworkers; w++)
			if (holders & worker_bit(w)) {
				printf("%s%d", sep, (int)L->workers[w]);
				sep = ",";
			}
		printf("%s\n", stale ? "(stale: left behind)" : holders ? "" : "-");
	}
	for (size_t i = 0; i < L->nskips; i++)
		printf("%-10s not made: %s\n", L->skips[i].kind, L->skips[i].reason);
	for (size_t i = 0; i < L->warnings.len; i++)
		printf("warning: %s\n", L->warnings.items[i]);
	printf("Holding them in %s until ", L->dir);
	printf("the end (Ctrl-C or SIGTERM); see them with: ipcscope list\n");
}

void load_print_manifest(const struct load *L, bool json)
{
	if (json)
		print_json(L);
	else
		print_table(L);
	fflush(stdout);
}
