/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_MEMORY_SIZE_H
#define IPCSCOPE_MEMORY_SIZE_H

#include "ipc_object.h"

/* "size" in bytes: what every kind of shared memory has. */
extern const struct attr_def attr_memory_size;

/* "8192 bytes", for kinds whose size is all a summary needs; NULL when unknown. */
char *memory_size_summary(const struct ipc_object *obj);

#endif
