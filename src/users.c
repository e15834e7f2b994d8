/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "users.h"
#include "util.h"

#include <pwd.h>
#include <stdlib.h>

/* A machine has few distinct owners; a short list beats a hash here. */
struct user_entry {
	uid_t uid;
	char *name;
};

static struct user_entry *cache;
static size_t ncache, cache_cap;

const char *user_name(uid_t uid)
{
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].uid == uid)
			return cache[i].name;

	struct passwd *pw = getpwuid(uid);
	if (ncache == cache_cap) {
		cache_cap = cache_cap ? cache_cap * 2 : 16;
		cache = xreallocarray(cache, cache_cap, sizeof(*cache));
	}
	cache[ncache] = (struct user_entry){ .uid = uid, .name = pw ? xstrdup(pw->pw_name) : NULL };
	return cache[ncache++].name;
}

int user_lookup(const char *name_or_uid, uid_t *uid)
{
	uint64_t v;
	struct passwd *pw = getpwnam(name_or_uid);

	if (pw) {
		*uid = pw->pw_uid;
		return 0;
	}
	if (parse_u64(name_or_uid, &v) == 0 && v < (uid_t)-1) {
		*uid = (uid_t)v;
		return 0;
	}
	return -1;
}

void users_cache_free(void)
{
	for (size_t i = 0; i < ncache; i++)
		free(cache[i].name);
	free(cache);
	cache = NULL;
	ncache = cache_cap = 0;
}
