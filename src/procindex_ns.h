/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_PROCINDEX_NS_H
#define IPCSCOPE_PROCINDEX_NS_H

/* The process index's namespace half, internal to procindex.c. */

#include "procindex.h"

/* A process's namespaces into p->ns; runs on walker threads, touching p alone. */
void procindex_read_namespaces(struct proc_info *p, int procfd);
/* The sets of namespaces from the processes', and our own. */
void procindex_gather_namespaces(struct procindex *idx, int procfd);
/* The /dev/shm filesystem of each mount namespace. */
void procindex_find_shm_fs(struct procindex *idx);
/* After the walk: each namespace's readable processes, and a warning where there are none. */
void procindex_count_readable(struct procindex *idx);
void procindex_free_namespaces(struct procindex *idx);

#endif
