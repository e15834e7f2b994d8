/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * /proc/net/unix and /proc/net/{tcp,udp,raw}{,6}: the fallback when
 * sock_diag is not available.
 *
 * These formats have not changed in decades, so a line that does not
 * match the kernel's printf format exactly is taken as damage (a short
 * read, a racing writer, a file that is not what it claims to be), not as
 * a new format: it is skipped and counted, and no field of it is guessed.
 * Every fixed-width field is therefore checked for its exact width.
 */
#include "sockets.h"
#include "util.h"

#include <errno.h>
#include <linux/net.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

/*
 * The longest real line is well under 300 bytes (a unix path is at most
 * 108); anything far longer is not a record, and refusing it bounds what
 * a corrupt file can make us hold.
 */
#define PROCNET_LINE_MAX 4096

/* The kernel prints a reference count and a pointer after the inode. */
#define INET_FIELDS 12

struct line_reader {
	FILE *f;
	char *buf;
	size_t cap;
};

enum line_kind {
	LINE_WHOLE,
	LINE_CUT, /* no newline: the file ended inside it */
	LINE_BAD, /* over-long or holding a NUL: never written by the kernel */
};

/*
 * Reads the next line and removes its newline.  Returns 1 with *line and
 * *kind set, 0 at the end of the file, -1 with errno set on a read error.
 */
static int read_line(struct line_reader *r, char **line, enum line_kind *kind)
{
	errno = 0;
	ssize_t n = getline(&r->buf, &r->cap, r->f);
	if (n < 0) {
		if (!ferror(r->f))
			return 0;
		if (errno == 0)
			errno = EIO;
		return -1;
	}

	if ((size_t)n > PROCNET_LINE_MAX || strlen(r->buf) != (size_t)n)
		*kind = LINE_BAD;
	else if (r->buf[n - 1] != '\n')
		*kind = LINE_CUT;
	else
		*kind = LINE_WHOLE;
	if (r->buf[n - 1] == '\n')
		r->buf[n - 1] = '\0';
	*line = r->buf;
	return 1;
}

/*
 * Splits off the next space-separated field in place.  Returns NULL when
 * none is left; *pos then stays at the end of the line.
 */
static char *next_field(char **pos)
{
	char *start = *pos + strspn(*pos, " ");
	if (*start == '\0') {
		*pos = start;
		return NULL;
	}
	char *end = start + strcspn(start, " ");
	if (*end != '\0')
		*end++ = '\0';
	*pos = end;
	return start;
}

/* Splits up to max fields; the rest of the line is left as it is. */
static size_t split_fields(char *line, char **fields, size_t max)
{
	size_t n = 0;
	while (n < max && (fields[n] = next_field(&line)))
		n++;
	return n;
}

/*
 * Exactly len hex digits (len <= 8) from s, no sign, space or 0x prefix:
 * the kernel prints these with %0<len>X.  s need not end after them.
 */
static bool parse_hex_n(const char *s, size_t len, uint32_t *out)
{
	uint32_t v = 0;
	for (size_t i = 0; i < len; i++) {
		int d = hex_digit(s[i]);
		if (d < 0)
			return false;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return true;
}

/* A whole field of exactly len hex digits. */
static bool parse_hex_field(const char *s, size_t len, uint32_t *out)
{
	return strlen(s) == len && parse_hex_n(s, len, out);
}

/* A whole field of decimal digits, no sign or space, at most max. */
static bool parse_dec_field(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v;
	const char *end = parse_digits(s, 10, max, &v);

	if (!end || *end)
		return false;
	*out = v;
	return true;
}

/* "1a2b:" — digits of the given kind, then the colon that ends the column. */
static bool is_slot(const char *s, const char *digits, size_t max_len)
{
	size_t len = strspn(s, digits);
	return len > 0 && len <= max_len && s[len] == ':' && s[len + 1] == '\0';
}

/* ---- /proc/net/unix ---- */

struct unix_ctx {
	unix_sock_fn fn;
	void *arg;
};

static bool unix_header_ok(char *line)
{
	static const char *const want[] = {
		"Num", "RefCount", "Protocol", "Flags", "Type", "St", "Inode", "Path",
	};
	char *fields[ARRAY_SIZE(want) + 1];
	size_t n = split_fields(line, fields, ARRAY_SIZE(fields));

	if (n != ARRAY_SIZE(want))
		return false;
	for (size_t i = 0; i < n; i++)
		if (strcmp(fields[i], want[i]) != 0)
			return false;
	return true;
}

static bool unix_type_ok(uint32_t type)
{
	return type == SOCK_STREAM || type == SOCK_DGRAM || type == SOCK_SEQPACKET;
}

/*
 * The kernel prints a socket_state, but sock_diag speaks TCP states; give
 * the caller one vocabulary.  The only flag the kernel ever sets is the
 * accept flag, and only on a listener, which it shows as unconnected: any
 * other combination did not come from it.
 */
static bool unix_state(uint32_t flags, uint32_t ss, uint8_t *state)
{
	if (flags == __SO_ACCEPTCON) {
		*state = TCP_LISTEN;
		return ss == SS_UNCONNECTED;
	}
	if (flags != 0)
		return false;

	switch (ss) {
	case SS_UNCONNECTED:
	case SS_DISCONNECTING:
		*state = TCP_CLOSE;
		return true;
	case SS_CONNECTING:
		*state = TCP_SYN_SENT;
		return true;
	case SS_CONNECTED:
		*state = TCP_ESTABLISHED;
		return true;
	}
	return false;
}

/*
 * The inode is right-aligned in five columns and followed, only for a
 * bound socket, by one space and the name, which may itself hold or
 * start with spaces.  So it cannot be split like the other fields.
 */
static bool unix_inode_and_name(char *pos, struct unix_sock *us)
{
	char *inode = pos + strspn(pos, " ");
	size_t len = strspn(inode, "0123456789");
	char *after = inode + len;

	if (*after == ' ') {
		us->name = after + 1;
		/* The kernel prints the space only when there is a name. */
		if (*us->name == '\0')
			return false;
	} else if (*after != '\0') {
		return false;
	}
	*after = '\0';
	return parse_dec_field(inode, UINT64_MAX, &us->inode);
}

static bool parse_unix_line(char *line, struct unix_sock *us)
{
	char *pos = line;
	char *f[6];
	uint32_t refcnt, proto, flags, type, ss;

	for (size_t i = 0; i < ARRAY_SIZE(f); i++)
		if (!(f[i] = next_field(&pos)))
			return false;

	/*
	 * Num is a kernel pointer (zeros when hidden).  It, RefCount and
	 * Protocol are not used, but checking them catches a shifted line.
	 */
	if (!is_slot(f[0], "0123456789abcdefABCDEF", 16))
		return false;
	if (!parse_hex_field(f[1], 8, &refcnt) || !parse_hex_field(f[2], 8, &proto) ||
	    !parse_hex_field(f[3], 8, &flags) || !parse_hex_field(f[4], 4, &type) ||
	    !parse_hex_field(f[5], 2, &ss))
		return false;
	if (!unix_type_ok(type) || !unix_state(flags, ss, &us->state))
		return false;
	us->type = (uint8_t)type;
	return unix_inode_and_name(pos, us);
}

/* ---- /proc/net/{tcp,udp,raw}{,6} ---- */

struct inet_ctx {
	uint8_t family;
	uint8_t protocol;
	inet_sock_fn fn;
	void *arg;
};

/*
 * The IPv4 tables say rem_address, the IPv6 ones remote_address; UDP and
 * raw add columns after the inode, which we do not read.
 */
static bool inet_header_ok(char *line)
{
	static const char *const want[INET_FIELDS] = {
		"sl", "local_address", NULL, "st", "tx_queue", "rx_queue",
		"tr", "tm->when", "retrnsmt", "uid", "timeout", "inode",
	};
	char *fields[INET_FIELDS];

	if (split_fields(line, fields, INET_FIELDS) != INET_FIELDS)
		return false;
	for (size_t i = 0; i < INET_FIELDS; i++) {
		const char *f = fields[i];
		bool ok = want[i] ? strcmp(f, want[i]) == 0
				  : strcmp(f, "rem_address") == 0 || strcmp(f, "remote_address") == 0;
		if (!ok)
			return false;
	}
	return true;
}

/*
 * "0100007F:1538".  The kernel prints each 32-bit word of the address as
 * the integer it is in memory, so putting the integer back in host order
 * restores the original network-order bytes on any architecture.
 */
static bool parse_endpoint(const char *s, uint8_t family, uint8_t addr[16], uint16_t *port)
{
	size_t words = family == AF_INET ? 1 : 4;
	size_t hexlen = words * 8;
	uint32_t p;

	if (strlen(s) != hexlen + 1 + 4 || s[hexlen] != ':')
		return false;
	memset(addr, 0, 16);
	for (size_t i = 0; i < words; i++) {
		uint32_t w;
		if (!parse_hex_n(s + i * 8, 8, &w))
			return false;
		memcpy(addr + i * 4, &w, sizeof(w));
	}
	if (!parse_hex_n(s + hexlen + 1, 4, &p))
		return false;
	*port = (uint16_t)p;
	return true;
}

/* "tx_queue:rx_queue", eight digits each. */
static bool parse_queues(const char *s, uint32_t *tx, uint32_t *rx)
{
	return strlen(s) == 17 && s[8] == ':' && parse_hex_n(s, 8, tx) &&
	       parse_hex_n(s + 9, 8, rx);
}

static bool parse_inet_line(char *line, const struct inet_ctx *ctx, struct inet_sock *is)
{
	char *f[INET_FIELDS];
	uint32_t st;
	uint64_t uid;

	/* Fields 5, 6, 8, 10 and 11 are not used; they only have to be there. */
	if (split_fields(line, f, INET_FIELDS) != INET_FIELDS)
		return false;
	if (!is_slot(f[0], "0123456789", 10) ||
	    !parse_endpoint(f[1], ctx->family, is->local, &is->local_port) ||
	    !parse_endpoint(f[2], ctx->family, is->remote, &is->remote_port) ||
	    !parse_hex_field(f[3], 2, &st) || !parse_queues(f[4], &is->wqueue, &is->rqueue))
		return false;
	/* (uid_t)-1 is no uid; the kernel shows an unmapped one as the overflow uid. */
	if (!parse_dec_field(f[7], (uid_t)-2, &uid) || !parse_dec_field(f[9], UINT64_MAX, &is->inode))
		return false;

	is->family = ctx->family;
	is->protocol = ctx->protocol;
	is->state = (uint8_t)st;
	is->has_uid = true;
	is->uid = (uid_t)uid;
	return true;
}

/* ---- the common loop ---- */

struct table {
	bool (*header_ok)(char *line);
	/* Parses one data line and hands the record over; false if garbled. */
	bool (*record)(char *line, void *ctx);
	void *ctx;
};

static bool unix_record(char *line, void *ctx)
{
	const struct unix_ctx *c = ctx;
	struct unix_sock us = { 0 };

	if (!parse_unix_line(line, &us))
		return false;
	c->fn(&us, c->arg);
	return true;
}

static bool inet_record(char *line, void *ctx)
{
	const struct inet_ctx *c = ctx;
	struct inet_sock is = { 0 };

	if (!parse_inet_line(line, c, &is))
		return false;
	c->fn(&is, c->arg);
	return true;
}

/*
 * A header cut before its newline is still accepted: that is a table with
 * no sockets whose file simply ended there.  A record cut short is not.
 */
static int read_table(FILE *f, const struct table *t, size_t *garbled)
{
	struct line_reader r = { .f = f };
	enum line_kind kind;
	size_t bad = 0;
	char *line;
	int ret, err;

	ret = read_line(&r, &line, &kind);
	if (ret == 0 || (ret > 0 && (kind == LINE_BAD || !t->header_ok(line)))) {
		errno = EINVAL;
		ret = -1;
	}
	while (ret > 0) {
		ret = read_line(&r, &line, &kind);
		if (ret > 0 && !(kind == LINE_WHOLE && t->record(line, t->ctx)))
			bad++;
	}

	err = errno;
	free(r.buf);
	if (garbled)
		*garbled = bad;
	errno = err;
	return ret;
}

int procnet_unix_read(FILE *f, unix_sock_fn fn, void *arg, size_t *garbled)
{
	struct unix_ctx ctx = { fn, arg };
	struct table t = { unix_header_ok, unix_record, &ctx };

	return read_table(f, &t, garbled);
}

int procnet_inet_read(FILE *f, int family, int protocol, inet_sock_fn fn, void *arg,
		      size_t *garbled)
{
	if ((family != AF_INET && family != AF_INET6) || protocol < 0 || protocol > UINT8_MAX) {
		if (garbled)
			*garbled = 0;
		errno = EINVAL;
		return -1;
	}

	struct inet_ctx ctx = { (uint8_t)family, (uint8_t)protocol, fn, arg };
	struct table t = { inet_header_ok, inet_record, &ctx };

	return read_table(f, &t, garbled);
}
