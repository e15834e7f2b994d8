/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "lock_line.h"
#include "util.h"

#include <string.h>

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* A word up to the next blank: `word` if it is exactly that. */
static const char *take(const char *p, const char *word)
{
	size_t n = strlen(word);

	if (strncmp(p, word, n) != 0 || (p[n] != ' ' && p[n] != '\t'))
		return NULL;
	return skip_blanks(p + n);
}

static const char *take_u64(const char *p, uint64_t *out, int base)
{
	return parse_digits(p, (unsigned)base, UINT64_MAX, out);
}

/* "POSIX  ADVISORY" and its kin: the type, then the kind of lock or lease state. */
static const char *take_type(const char *p, struct lock_line *out)
{
	static const struct {
		const char *word;
		enum lock_type type;
	} types[] = {
		{ "FLOCK", LOCK_TYPE_FLOCK },   { "POSIX", LOCK_TYPE_POSIX },
		{ "OFDLCK", LOCK_TYPE_OFD },    { "LEASE", LOCK_TYPE_LEASE },
		{ "DELEG", LOCK_TYPE_DELEG },   { "ACCESS", LOCK_TYPE_ACCESS },
	};
	const char *q = NULL;

	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]) && !q; i++)
		if ((q = take(p, types[i].word)))
			out->type = types[i].type;
	if (!q)
		return NULL;
	out->lease = LEASE_NONE;
	out->mandatory = false;
	if (out->type == LOCK_TYPE_LEASE || out->type == LOCK_TYPE_DELEG) {
		const char *r;
		if ((r = take(q, "ACTIVE")))
			out->lease = LEASE_ACTIVE;
		else if ((r = take(q, "BREAKING")))
			out->lease = LEASE_BREAKING;
		else if ((r = take(q, "BREAKER")))
			out->lease = LEASE_BREAKER;
		return r;
	}
	if ((p = take(q, "MANDATORY"))) {
		out->mandatory = true;
		return p;
	}
	return take(q, "ADVISORY");
}

static const char *take_mode(const char *p, struct lock_line *out)
{
	const char *q;

	if ((q = take(p, "READ")))
		out->mode = LOCK_MODE_READ;
	else if ((q = take(p, "WRITE")))
		out->mode = LOCK_MODE_WRITE;
	else if ((q = take(p, "UNLCK")))
		out->mode = LOCK_MODE_NONE;
	return q;
}

static const char *take_pid(const char *p, struct lock_line *out)
{
	uint64_t v;

	if (p[0] == '-' && p[1] == '1') {
		out->has_pid = false;
		out->pid = -1;
		p += 2;
	} else {
		if (!(p = take_u64(p, &v, 10)) || v == 0 || v > INT32_MAX)
			return NULL;
		out->has_pid = true;
		out->pid = (int)v;
	}
	return *p == ' ' ? skip_blanks(p) : NULL;
}

/* "fe:00:10960963", hex device numbers and a decimal inode, or "<none>:0". */
static const char *take_file(const char *p, struct lock_line *out)
{
	uint64_t major, minor;

	if (strncmp(p, "<none>:0 ", 9) == 0) {
		out->has_file = false;
		out->major = out->minor = 0;
		out->inode = 0;
		return skip_blanks(p + 8);
	}
	if (!(p = take_u64(p, &major, 16)) || *p++ != ':' || !(p = take_u64(p, &minor, 16)) ||
	    *p++ != ':' || !(p = take_u64(p, &out->inode, 10)) || *p != ' ' || major > 0xfff ||
	    minor > 0xfffff)
		return NULL;
	out->has_file = true;
	out->major = (unsigned)major;
	out->minor = (unsigned)minor;
	return skip_blanks(p);
}

int lock_line_parse(const char *line, struct lock_line *out)
{
	const char *p = line;
	size_t blanks = 0;

	if (!(p = take_u64(p, &out->id, 10)) || *p++ != ':')
		return -1;
	/* "ID: TYPE" for a lock; "ID: -> TYPE", one more blank per level, for a request. */
	while (p[blanks] == ' ')
		blanks++;
	out->depth = 0;
	if (p[blanks] == '-' && p[blanks + 1] == '>') {
		if (blanks == 0)
			return -1;
		out->depth = (unsigned)blanks;
		p += blanks + 2;
	}
	if (*p != ' ')
		return -1;
	p = skip_blanks(p);
	if (!(p = take_type(p, out)) || !(p = take_mode(p, out)) || !(p = take_pid(p, out)) ||
	    !(p = take_file(p, out)) || !(p = take_u64(p, &out->start, 10)) || *p++ != ' ')
		return -1;
	if (strncmp(p, "EOF", 3) == 0) {
		out->to_eof = true;
		out->end = 0;
		p += 3;
	} else {
		out->to_eof = false;
		if (!(p = take_u64(p, &out->end, 10)) || out->end < out->start)
			return -1;
	}
	p = skip_blanks(p);
	return *p == '\0' || *p == '\n' ? 0 : -1;
}

bool lock_line_same(const struct lock_line *a, const struct lock_line *b)
{
	return a->type == b->type && a->mode == b->mode && a->lease == b->lease &&
	       a->has_pid == b->has_pid && (!a->has_pid || a->pid == b->pid) &&
	       a->has_file == b->has_file && a->major == b->major && a->minor == b->minor &&
	       a->inode == b->inode && a->start == b->start && a->to_eof == b->to_eof &&
	       a->end == b->end;
}

const char *lock_type_name(enum lock_type type)
{
	static const char *const names[] = {
		[LOCK_TYPE_FLOCK] = "flock", [LOCK_TYPE_POSIX] = "posix", [LOCK_TYPE_OFD] = "ofd",
		[LOCK_TYPE_LEASE] = "lease", [LOCK_TYPE_DELEG] = "delegation",
		[LOCK_TYPE_ACCESS] = "access",
	};
	return names[type];
}

const char *lock_mode_name(enum lock_mode mode)
{
	static const char *const names[] = {
		[LOCK_MODE_READ] = "read", [LOCK_MODE_WRITE] = "write", [LOCK_MODE_NONE] = "none",
	};
	return names[mode];
}

const char *lease_state_name(enum lease_state state)
{
	static const char *const names[] = {
		[LEASE_NONE] = NULL, [LEASE_ACTIVE] = "active", [LEASE_BREAKING] = "breaking",
		[LEASE_BREAKER] = "breaker",
	};
	return names[state];
}
