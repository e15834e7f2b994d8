/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "fdlink.h"
#include "ipc_object.h"
#include "util.h"

#include <string.h>
#include <sys/stat.h>

/* Parses "PREFIX[DIGITS]" exactly; anything else is rejected. */
static int bracketed_inode(const char *text, const char *prefix, uint64_t *ino)
{
	size_t plen = strlen(prefix);
	const char *p;
	uint64_t v;

	if (strncmp(text, prefix, plen) != 0 || text[plen] != '[')
		return -1;
	p = parse_digits(text + plen + 1, 10, UINT64_MAX, &v);
	if (!p || p[0] != ']' || p[1] != '\0')
		return -1;
	*ino = v;
	return 0;
}

enum fd_class fdlink_classify(const char *text, uint64_t *ino)
{
	switch (text[0]) {
	case '/':
		return FD_PATH;
	case 'p':
		return bracketed_inode(text, "pipe:", ino) == 0 ? FD_PIPE : FD_OTHER;
	case 's':
		return bracketed_inode(text, "socket:", ino) == 0 ? FD_SOCKET : FD_OTHER;
	case 'a':
		return strncmp(text, "anon_inode:", 11) == 0 ? FD_ANON : FD_OTHER;
	default:
		return FD_OTHER;
	}
}

bool fdlink_maybe_mqueue(const char *text)
{
	return text[0] == '/' && text[1] != '\0' && !strchr(text + 1, '/');
}

bool fdlink_is_memfd(const char *text)
{
	return strncmp(text, "/memfd:", 7) == 0;
}

unsigned fdlink_access_from_mode(mode_t link_mode)
{
	unsigned access = 0;

	if (link_mode & S_IRUSR)
		access |= ACCESS_READ;
	if (link_mode & S_IWUSR)
		access |= ACCESS_WRITE;
	return access;
}
