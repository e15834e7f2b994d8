#include "formatters.h"
#include "util.h"

#include <string.h>

extern const struct formatter formatter_table;
extern const struct formatter formatter_json;
extern const struct formatter formatter_ndjson;

static const struct formatter *const formatter_list[] = {
	&formatter_table,
	&formatter_json,
	&formatter_ndjson,
};

const struct formatter *formatter_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(formatter_list); i++)
		if (strcmp(formatter_list[i]->name, name) == 0)
			return formatter_list[i];
	return NULL;
}

const char *formatters_names(void)
{
	static char buf[256];

	if (!buf[0]) {
		for (size_t i = 0; i < ARRAY_SIZE(formatter_list); i++) {
			if (i)
				strcat(buf, ", ");
			strcat(buf, formatter_list[i]->name);
		}
	}
	return buf;
}
