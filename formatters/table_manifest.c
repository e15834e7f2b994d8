/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What `load` made, for people: one line per kind, how many and who holds them. */
#include "format_writers.h"
#include "load.h"

int table_print_manifest(const struct load *L, FILE *out)
{
	fprintf(out, "%-10s %7s %7s  %s\n", "KIND", "OBJECTS", "WAITERS", "HOLDERS");
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
		fprintf(out, "%-10s %7zu %7zu  ", kind, n, waiters);
		const char *sep = "";
		for (unsigned w = 0; w < L->nworkers; w++)
			if (holders & worker_bit(w)) {
				fprintf(out, "%s%d", sep, (int)L->workers[w]);
				sep = ",";
			}
		fprintf(out, "%s\n", stale ? "(stale: left behind)" : holders ? "" : "-");
	}
	for (size_t i = 0; i < L->nskips; i++)
		fprintf(out, "%-10s not made: %s\n", L->skips[i].kind, L->skips[i].reason);
	for (size_t i = 0; i < L->warnings.len; i++)
		fprintf(out, "warning: %s\n", L->warnings.items[i]);
	fprintf(out, "Holding them in %s until ", L->dir);
	fprintf(out, "the end (Ctrl-C or SIGTERM); see them with: ipcscope list\n");
	return ferror(out) ? -1 : 0;
}
