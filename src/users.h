/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_USERS_H
#define IPCSCOPE_USERS_H

#include <sys/types.h>

/* The login name of a uid, or NULL when it has none; looked up once per uid. */
const char *user_name(uid_t uid);
/* A user name or a decimal uid; -1 when neither names a user. */
int user_lookup(const char *name_or_uid, uid_t *uid);
void users_cache_free(void);

#endif
