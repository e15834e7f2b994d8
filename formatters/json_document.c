/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "json_document.h"
#include "json_object.h"
#include "jsonw.h"

void json_document_begin(struct jsonw *w, FILE *out)
{
	jw_init(w, out);
	jw_object_begin(w);
	jw_key(w, "schema");
	jw_string(w, IPCSCOPE_JSON_SCHEMA);
}

int json_document_end(struct jsonw *w, const struct procindex *idx, const struct strvec *warnings)
{
	if (idx)
		json_write_unreadable_member(w, idx);
	json_write_warnings(w, warnings);
	jw_object_end(w);
	putc('\n', w->out);
	return ferror(w->out) ? -1 : 0;
}
