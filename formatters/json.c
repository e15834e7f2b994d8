/* --json: one document, written object by object as it is formatted. */
#include "formatters.h"
#include "json_object.h"
#include "jsonw.h"
#include "snapshot.h"

static int print_json(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	struct jsonw w;

	(void)opts;
	jw_init(&w, out);
	jw_object_begin(&w);
	jw_key(&w, "schema");
	jw_string(&w, "ipcscope/1");
	jw_key(&w, "objects");
	jw_array_begin(&w);
	for (size_t i = 0; i < snap->nobjects; i++) {
		/* One object per line keeps the document greppable and diffable. */
		putc('\n', out);
		json_write_object(&w, snap->objects[i]);
		if (ferror(out))
			return -1;
	}
	putc('\n', out);
	jw_array_end(&w);
	json_write_unreadable_member(&w, &snap->index);
	json_write_warnings(&w, &snap->warnings);
	jw_object_end(&w);
	putc('\n', out);
	return ferror(out) ? -1 : 0;
}

const struct formatter formatter_json = {
	.name = "json",
	.help = "one JSON document: schema, objects, unreadable, warnings",
	.print = print_json,
};
