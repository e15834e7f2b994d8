/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_IPC_INFO_H
#define IPCSCOPE_IPC_INFO_H

#include <stdbool.h>
#include <stdint.h>

/* A number that may not be known: printed as null, never as a made-up 0. */
struct maybe_u64 {
	bool known;
	uint64_t v;
};

static inline struct maybe_u64 maybe_known(uint64_t v)
{
	return (struct maybe_u64){ .known = true, .v = v };
}

/*
 * What the kernel itself counts of SysV IPC in our IPC namespace, as
 * `ipcs -u` shows it (SHM_INFO, MSG_INFO, SEM_INFO), and the limits as
 * IPC_INFO gives them, for when /proc/sys cannot be read.
 */
struct ipc_info {
	struct maybe_u64 shm_segments, shm_pages;
	struct maybe_u64 msg_queues;
	struct maybe_u64 sem_sets, sem_semaphores;

	struct maybe_u64 shmmni, shmall, shmmax;
	struct maybe_u64 msgmni, msgmnb;
	struct maybe_u64 semmni, semmns;
};

void ipc_info_read(struct ipc_info *info);

#endif
