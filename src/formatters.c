/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "formatters.h"
#include "registry.h"

extern const struct formatter formatter_table;
extern const struct formatter formatter_json;
extern const struct formatter formatter_ndjson;
extern const struct formatter formatter_prometheus;
extern const struct formatter formatter_text;
extern const struct formatter formatter_dot;
extern const struct formatter formatter_svg;

/* The order here is the order of the names in messages and --help. */
static const struct formatter *const formatter_list[] = {
	&formatter_table,
	&formatter_json,
	&formatter_ndjson,
	&formatter_prometheus,
	&formatter_text,
	&formatter_dot,
	&formatter_svg,
};

static const struct registry formats = REGISTRY_OF(formatter_list);

size_t formatters_count(void)
{
	return formats.n;
}

const struct formatter *formatter_at(size_t i)
{
	return registry_at(&formats, i);
}

bool formatter_writes(const struct formatter *fmt, enum document doc)
{
	switch (doc) {
	case DOC_OBJECTS:
		return fmt->objects;
	case DOC_CLEAN:
		return fmt->clean;
	case DOC_SUMMARY:
		return fmt->summary;
	case DOC_DEADLOCKS:
		return fmt->deadlocks;
	case DOC_MANIFEST:
		return fmt->manifest;
	case DOC_WATCH:
		return fmt->watch_event;
	case DOC_GRAPH:
		return fmt->graph;
	case DOC_TEXT:
		return false;
	}
	return false;
}

const struct formatter *formatter_find(const char *name, enum document doc)
{
	const struct formatter *fmt = registry_find(&formats, name);

	return fmt && formatter_writes(fmt, doc) ? fmt : NULL;
}

static bool writes(const void *fmt, const void *doc)
{
	return formatter_writes(fmt, *(const enum document *)doc);
}

#define DOCUMENTS (DOC_TEXT + 1)

const char *formatters_names(enum document doc)
{
	static char names[DOCUMENTS][128];

	return registry_names(&formats, writes, &doc, names[doc], sizeof(names[doc]));
}
