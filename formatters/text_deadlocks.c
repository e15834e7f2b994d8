/* SPDX-License-Identifier: GPL-2.0-or-later */
/* locks --deadlocks for people: one line per cycle, or "no deadlock". */
#include "format_writers.h"
#include "ipc_object.h"
#include "lock_graph.h"
#include "procindex.h"
#include "text_escape.h"

#include <stdlib.h>

/* "4242/a": the command as the process named itself, escaped for the terminal. */
static void put_process(FILE *out, const struct proc_info *p)
{
	char *command = text_escape(p->command);

	fprintf(out, "%d/%s", p->pid, command ? command : "?");
	free(command);
}

/* "4242/a -> lock 7 (flock write /tmp/a) -> 4243/b -> ... -> 4242/a" */
static void print_cycle(FILE *out, const struct lock_cycle *c)
{
	for (size_t i = 0; i < c->n; i++) {
		const struct lock_wait *w = &c->steps[i];
		char *name = text_escape(w->lock->name);
		put_process(out, w->proc);
		fprintf(out, " -> lock %s (%s %s %s) -> ", w->lock->id, lock_wait_type(w),
			lock_wait_mode(w), name ? name : "?");
		free(name);
	}
	put_process(out, c->steps[0].proc);
	putc('\n', out);
}

int text_print_deadlocks(const struct lock_cycle *cycles, size_t n, const struct snapshot *snap,
			 FILE *out)
{
	(void)snap;
	if (n == 0)
		fprintf(out, "no deadlock\n");
	for (size_t i = 0; i < n; i++)
		print_cycle(out, &cycles[i]);
	return ferror(out) ? -1 : 0;
}
