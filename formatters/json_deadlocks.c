/* SPDX-License-Identifier: GPL-2.0-or-later */
/* locks --deadlocks --json: each cycle, one step per waiting process. */
#include "format_writers.h"
#include "ipc_object.h"
#include "json_document.h"
#include "json_object.h"
#include "jsonw.h"
#include "lock_graph.h"
#include "procindex.h"
#include "snapshot.h"

static void write_step(struct jsonw *w, const struct lock_wait *st)
{
	jw_object_begin(w);
	jw_key(w, "pid");
	jw_i64(w, st->proc->pid);
	jw_key(w, "command");
	jw_string(w, st->proc->command);
	jw_key(w, "request");
	jw_string(w, st->request->id);
	jw_key(w, "lock");
	jw_string(w, st->lock->id);
	json_write_name(w, st->lock->name);
	jw_key(w, "type");
	jw_string(w, lock_wait_type(st));
	jw_key(w, "lock_mode");
	jw_string(w, lock_wait_mode(st));
	jw_object_end(w);
}

int json_print_deadlocks(const struct lock_cycle *cycles, size_t n, const struct snapshot *snap,
			 FILE *out)
{
	struct jsonw w;

	json_document_begin(&w, out);
	jw_key(&w, "deadlocks");
	jw_array_begin(&w);
	for (size_t i = 0; i < n; i++) {
		jw_object_begin(&w);
		jw_key(&w, "cycle");
		jw_array_begin(&w);
		for (size_t s = 0; s < cycles[i].n; s++)
			write_step(&w, &cycles[i].steps[s]);
		jw_array_end(&w);
		jw_object_end(&w);
	}
	jw_array_end(&w);
	/* This document has no "unreadable" member: NULL. */
	return json_document_end(&w, NULL, &snap->warnings);
}
