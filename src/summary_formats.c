#include "summary_formats.h"
#include "util.h"

#include <string.h>

extern const struct summary_format summary_format_table;
extern const struct summary_format summary_format_json;
extern const struct summary_format summary_format_prometheus;

static const struct summary_format *const summary_format_list[] = {
	&summary_format_table,
	&summary_format_json,
	&summary_format_prometheus,
};

const struct summary_format *summary_format_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(summary_format_list); i++)
		if (strcmp(summary_format_list[i]->name, name) == 0)
			return summary_format_list[i];
	return NULL;
}

const char *summary_formats_names(void)
{
	static char buf[128];

	if (!buf[0]) {
		for (size_t i = 0; i < ARRAY_SIZE(summary_format_list); i++) {
			if (i)
				strcat(buf, ", ");
			strcat(buf, summary_format_list[i]->name);
		}
	}
	return buf;
}
