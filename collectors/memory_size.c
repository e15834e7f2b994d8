/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "memory_size.h"
#include "human_size.h"
#include "util.h"

const struct attr_def attr_memory_size = {
	.json = "size", .column = "SIZE", .type = ATTR_UINT, .width_hint = 8,
	.col_flags = COL_RIGHT, .help = "size in bytes",
	.bytes = true,
};

char *memory_size_summary(const struct ipc_object *obj)
{
	const struct attr_value *size = ipc_object_attr(obj, &attr_memory_size);

	return size && size->known ? size_words(size->u) : NULL;
}
