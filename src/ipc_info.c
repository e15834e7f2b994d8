/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "ipc_info.h"

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

/* The caller defines it, says semctl(2). */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

static void read_shm(struct ipc_info *info)
{
	struct shm_info usage;
	struct shminfo limits;

	if (shmctl(0, SHM_INFO, (struct shmid_ds *)&usage) >= 0) {
		info->shm_segments = maybe_known((uint64_t)usage.used_ids);
		info->shm_pages = maybe_known(usage.shm_tot);
	}
	if (shmctl(0, IPC_INFO, (struct shmid_ds *)&limits) >= 0) {
		info->shmmni = maybe_known(limits.shmmni);
		info->shmall = maybe_known(limits.shmall);
		info->shmmax = maybe_known(limits.shmmax);
	}
}

static void read_msg(struct ipc_info *info)
{
	struct msginfo m;

	/* MSG_INFO fills the limits as IPC_INFO does, and the counts besides. */
	if (msgctl(0, MSG_INFO, (struct msqid_ds *)&m) >= 0) {
		info->msg_queues = maybe_known((uint64_t)m.msgpool);
		info->msgmni = maybe_known((uint64_t)m.msgmni);
		info->msgmnb = maybe_known((uint64_t)m.msgmnb);
	}
}

static void read_sem(struct ipc_info *info)
{
	struct seminfo s;
	union semun arg = { .__buf = &s };

	/* SEM_INFO likewise: the limits, and the sets and semaphores in use. */
	if (semctl(0, 0, SEM_INFO, arg) >= 0) {
		info->sem_sets = maybe_known((uint64_t)s.semusz);
		info->sem_semaphores = maybe_known((uint64_t)s.semaem);
		info->semmni = maybe_known((uint64_t)s.semmni);
		info->semmns = maybe_known((uint64_t)s.semmns);
	}
}

void ipc_info_read(struct ipc_info *info)
{
	*info = (struct ipc_info){ 0 };
	read_shm(info);
	read_msg(info);
	read_sem(info);
}
