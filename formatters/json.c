/* --json: one document; objects are printed one at a time, never built into one tree. */
#include "formatters.h"
#include "ipc_object.h"
#include "json_object.h"
#include "snapshot.h"

static int print_json(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	(void)opts;
	fputs("{\"schema\":\"ipcscope/1\",\"objects\":[", out);
	for (size_t i = 0; i < snap->nobjects; i++) {
		fputs(i ? ",\n" : "\n", out);
		if (json_emit(out, json_of_object(snap->objects[i])) < 0 || ferror(out))
			return -1;
	}
	fputs("\n],\"unreadable\":[", out);
	size_t n = 0;
	for (size_t i = 0; i < snap->index.nprocs; i++) {
		const struct proc_info *p = &snap->index.procs[i];
		if (!p->unreadable)
			continue;
		if (n++)
			fputc(',', out);
		if (json_emit(out, json_of_unreadable(p)) < 0)
			return -1;
	}
	fputs("],\"warnings\":[", out);
	for (size_t i = 0; i < snap->warnings.len; i++) {
		if (i)
			fputc(',', out);
		if (json_emit(out, cJSON_CreateString(snap->warnings.items[i])) < 0)
			return -1;
	}
	fputs("]}\n", out);
	return ferror(out) ? -1 : 0;
}

const struct formatter formatter_json = {
	.name = "json",
	.help = "one JSON document: schema, objects, unreadable, warnings",
	.print = print_json,
};
