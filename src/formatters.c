#include "formatters.h"
#include "registry.h"

extern const struct formatter formatter_table;
extern const struct formatter formatter_json;
extern const struct formatter formatter_ndjson;

static const struct formatter *const formatter_list[] = {
	&formatter_table,
	&formatter_json,
	&formatter_ndjson,
};

static const struct registry formats = REGISTRY_OF(formatter_list);

const struct formatter *formatter_find(const char *name)
{
	return registry_find(&formats, name);
}

const char *formatters_names(void)
{
	static char buf[256];

	return registry_names(&formats, NULL, NULL, buf, sizeof(buf));
}
