/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SOCKET_COMMON_H
#define IPCSCOPE_SOCKET_COMMON_H

#include "ipc_object.h"

#include <stdbool.h>
#include <stdint.h>

struct procindex;

/* Values every connection-oriented kind shares, one definition each. */
extern const struct attr_def attr_sock_state;
extern const struct attr_def attr_rqueue;
extern const struct attr_def attr_wqueue;
extern const struct attr_def attr_pending;
extern const struct attr_def attr_backlog;
extern const struct attr_def attr_peer;
extern const struct attr_def attr_netns;

/* Every process descriptor on socket:[inode] becomes a holder of obj. */
void socket_add_holders(struct ipc_object *obj, const struct procindex *idx, uint64_t inode);
/* obj's peer: the other end's inode and whoever holds it. */
void socket_set_peer(struct ipc_object *obj, const struct procindex *idx, uint64_t peer_inode);
/*
 * Queues, or for a listener its pending connections and backlog (the
 * kernel reports both in the same two numbers).  backlog_known is false
 * where the source has no backlog (/proc/net/tcp shows 0 there).
 */
void socket_set_queues(struct ipc_object *obj, bool listening, uint32_t rqueue, uint32_t wqueue,
		       bool backlog_known);

/* The network namespace whose dump listed it; 0, unknown, stays null. */
void socket_set_netns(struct ipc_object *obj, uint64_t netns);

#endif
