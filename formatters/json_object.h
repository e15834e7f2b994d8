#ifndef IPCSCOPE_JSON_OBJECT_H
#define IPCSCOPE_JSON_OBJECT_H

#include <cjson/cJSON.h>
#include <stdio.h>

struct ipc_object;
struct proc_info;
struct snapshot;

/* The JSON form of one object, shared by every JSON-speaking format. */
cJSON *json_of_object(const struct ipc_object *obj);
cJSON *json_of_unreadable(const struct proc_info *proc);

/* Print a cJSON value compactly and free it; -1 on a write error. */
int json_emit(FILE *out, cJSON *value);

#endif
