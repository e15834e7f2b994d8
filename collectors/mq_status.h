/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_MQ_STATUS_H
#define IPCSCOPE_MQ_STATUS_H

#include <stdint.h>

/* What reading a message queue's file gives: "QSIZE:300 NOTIFY:0 SIGNO:0 NOTIFY_PID:0". */
struct mq_status {
	uint64_t qsize;      /* bytes of message text queued */
	int64_t notify_pid;  /* 0: nobody asked to be notified */
};

/* Returns 0, or -1 when QSIZE or NOTIFY_PID is missing or not a number. */
int mq_status_parse(const char *text, struct mq_status *out);

#endif
