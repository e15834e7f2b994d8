/* --ndjson: one object per line, for streaming consumers; notes go to stderr only. */
#include "formatters.h"
#include "json_object.h"
#include "jsonw.h"
#include "snapshot.h"

static int print_ndjson(const struct snapshot *snap, const struct output_options *opts, FILE *out)
{
	(void)opts;
	for (size_t i = 0; i < snap->nobjects; i++) {
		struct jsonw w;
		jw_init(&w, out);
		json_write_object(&w, snap->objects[i]);
		if (putc('\n', out) == EOF)
			return -1;
	}
	return ferror(out) ? -1 : 0;
}

const struct formatter formatter_ndjson = {
	.name = "ndjson",
	.help = "one JSON object per line",
	.print = print_ndjson,
};
