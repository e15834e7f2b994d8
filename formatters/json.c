/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * --json: one document per command, each opened and closed by
 * json_document; the objects are written one by one as they are formatted.
 */
#include "format_writers.h"
#include "json_document.h"
#include "json_object.h"
#include "jsonw.h"
#include "snapshot.h"

static int print_objects(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	struct jsonw w;

	json_document_begin(&w, out);
	jw_key(&w, "objects");
	jw_array_begin(&w);
	for (size_t i = 0; i < snap->nobjects; i++) {
		/* One object per line keeps the document greppable and diffable. */
		putc('\n', out);
		json_write_listed_object(&w, snap->objects[i], opts);
		if (ferror(out))
			return -1;
	}
	putc('\n', out);
	jw_array_end(&w);
	return json_document_end(&w, &snap->index, &snap->warnings);
}

const struct formatter formatter_json = {
	.name = "json",
	.help = "one JSON document: schema, the command's own members, warnings",
	.objects = print_objects,
	.clean = json_print_clean,
	.summary = json_print_summary,
	.deadlocks = json_print_deadlocks,
	.manifest = json_print_manifest,
	.graph = json_print_graph,
};
