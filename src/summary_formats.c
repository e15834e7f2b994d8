#include "summary_formats.h"
#include "registry.h"

extern const struct summary_format summary_format_table;
extern const struct summary_format summary_format_json;
extern const struct summary_format summary_format_prometheus;

static const struct summary_format *const summary_format_list[] = {
	&summary_format_table,
	&summary_format_json,
	&summary_format_prometheus,
};

static const struct registry formats = REGISTRY_OF(summary_format_list);

const struct summary_format *summary_format_find(const char *name)
{
	return registry_find(&formats, name);
}

const char *summary_formats_names(void)
{
	static char buf[128];

	return registry_names(&formats, NULL, NULL, buf, sizeof(buf));
}
