/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_SOCKDIAG_H
#define IPCSCOPE_SOCKDIAG_H

/*
 * What unix_diag.c and inet_diag.c share: the NETLINK_SOCK_DIAG socket,
 * one dump request and the checked walk over its replies.  Only the
 * request and the records differ between families.  Internal to
 * collectors/; sockets.h is the interface.
 */

#include <stddef.h>
#include <stdint.h>

struct nlattr;
struct nlmsghdr;

/*
 * One SOCK_DIAG_BY_FAMILY message, its length in nlmsg_len already
 * checked against the buffer.  Returns 1 to go on, -1 with errno set.
 */
typedef int (*sockdiag_record_fn)(const struct nlmsghdr *nlh, void *ctx);

/* One attribute, its length checked; 0, or -1 with errno set. */
typedef int (*sockdiag_attr_fn)(const struct nlattr *attr, void *ctx);

/* Sets errno to EBADMSG and returns -1: the reply is malformed. */
int sockdiag_bad_message(void);

/*
 * One buffer as recv() returned it: records are SOCK_DIAG_BY_FAMILY
 * messages, or TCPDIAG_GETSOCK ones in reply to that request.  With the
 * return values of
 * unix_diag_parse() and inet_diag_parse(): 1 when more is to come, 0
 * after NLMSG_DONE, -1 with errno set.
 */
int sockdiag_parse(const void *buf, size_t len, sockdiag_record_fn record, void *ctx);

/*
 * The attributes behind a record's fixed header of hdrlen bytes (aligned;
 * the caller has checked the payload holds it).  fn may be NULL to check
 * their framing only.  A damaged attribute is EBADMSG.
 */
int sockdiag_walk_attrs(const struct nlmsghdr *nlh, size_t hdrlen, sockdiag_attr_fn fn,
			void *ctx);

/*
 * Sends req (a family's request, struct unix_diag_req or
 * inet_diag_req_raw, at most SOCKDIAG_REQ_MAX bytes) as one dump of
 * message type `type` (SOCK_DIAG_BY_FAMILY, or TCPDIAG_GETSOCK for the
 * older struct inet_diag_req) and parses every reply, as unix_diag_dump()
 * and inet_diag_dump() do.
 */
#define SOCKDIAG_REQ_MAX 64
int sockdiag_dump(uint16_t type, const void *req, size_t reqlen, sockdiag_record_fn record,
		  void *ctx);

#endif
