/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_IPC_OBJECT_H
#define IPCSCOPE_IPC_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct file_place;
struct kind;
struct proc_info;

/* How a kind-specific value is typed in JSON; the type of a field never changes. */
enum attr_type {
	ATTR_UINT,
	ATTR_INT,
	ATTR_STR,
	ATTR_BOOL,
	ATTR_PEER, /* the other end of a connection: {"inode": N, "holders": [...]} */
	ATTR_TIME, /* seconds since the epoch; ISO 8601 UTC text in JSON and tables */
	ATTR_INT_LIST, /* one integer per member (a semaphore set's values); an item may be null */
	ATTR_WAITERS,  /* requests blocked on a lock: [{"pid", "command", "lock_mode", "start", "end"}] */
};

/* Table hints, kept free of libsmartcols so the record has no output dependency. */
enum {
	COL_RIGHT = 1 << 0,
	COL_TRUNC = 1 << 1,
	COL_WRAP = 1 << 2,
	COL_PATH = 1 << 3, /* a path: cut in its middle, keeping the file's name */
	COL_KEY = 1 << 4,  /* an identifier: cut in its middle, and only when all else is narrowed */
};

/* One kind-specific value: its JSON key, its table column and its type. */
struct attr_def {
	const char *json;
	const char *column;
	const char *help;
	enum attr_type type;
	double width_hint;
	unsigned col_flags;
	/* A port, local or remote, that --port matches; a kind with one is what --port lists. */
	bool port;
	/* A count of bytes: a table writes it as 64K, 1.5M unless --bytes; JSON exactly. */
	bool bytes;
};

struct ipc_peer;

struct int_list_item {
	bool known;
	int64_t v;
};

struct int_list {
	size_t n;
	struct int_list_item *items;
};

/* A process blocked waiting for a lock, and what it asked for. */
struct lock_waiter {
	bool has_pid;
	int pid;
	char *command; /* NULL when unknown */
	const char *mode; /* "read", "write" */
	uint64_t start;
	bool to_eof;
	uint64_t end;
};

struct waiter_list {
	size_t n;
	struct lock_waiter *items;
};

struct attr_value {
	bool known; /* false: the value could not be read, printed as null */
	union {
		uint64_t u;
		int64_t i;
		char *s;
		bool b;
		struct ipc_peer *peer;
		struct int_list list;
		struct waiter_list waiters;
	};
};

enum holder_via {
	VIA_FD,
	VIA_MAP,
	VIA_LOCK,
	VIA_OPEN, /* a thread blocked in open(), with no descriptor yet */
};

enum {
	ACCESS_READ = 1 << 0,
	ACCESS_WRITE = 1 << 1,
};

struct ipc_holder {
	const struct proc_info *proc; /* owned by the snapshot's process index */
	int fd;                       /* -1 when held through a mapping */
	unsigned access;              /* ACCESS_* bits */
	enum holder_via via;
};

/* The other end of a connection and the processes that hold it. */
struct ipc_peer {
	uint64_t inode;
	struct ipc_holder *holders;
	size_t nholders, holders_cap;
};

struct ipc_object {
	const struct kind *kind;
	char *id;   /* unique within the kind */
	char *name; /* NULL when the object has none (an anonymous pipe) */
	bool has_inode;
	uint64_t inode;
	/* Each known or not on its own: a socket has an owner uid but no group or mode. */
	bool has_uid, has_gid, has_mode;
	uid_t uid;
	gid_t gid;
	mode_t mode;
	struct ipc_holder *holders;
	size_t nholders, holders_cap;
	struct attr_value *attrs; /* parallel to kind->attrs */
	/* Whether it was judged (stale, clean, list --stale), and if so why nothing uses it. */
	bool stale_judged;
	struct stale_mark *stale; /* NULL: not stale, or not judged */
	struct file_place *place; /* where a search of --path found it, for its removal; or NULL */
};

/* Why an object is stale, and its last activity ("since"). */
struct stale_mark {
	char *reason;
	bool has_since;
	int64_t since; /* seconds since the epoch */
};

struct ipc_object *ipc_object_new(const struct kind *kind);
/* Mark obj stale, with `reason` (taken over) and its last activity, if known. */
void ipc_object_mark_stale(struct ipc_object *obj, char *reason, bool has_since, int64_t since);
void ipc_object_unmark_stale(struct ipc_object *obj);
void ipc_object_free(struct ipc_object *obj);

void ipc_object_add_holder(struct ipc_object *obj, const struct proc_info *proc, int fd,
			   unsigned access, enum holder_via via);
struct stat;
/* uid, gid and permission bits from a stat() of the object. */
void ipc_object_set_owner(struct ipc_object *obj, const struct stat *st);

struct procindex;
struct fd_group;
/* Every descriptor and mapping in the group; NULL adds nothing. */
void ipc_object_add_group_holders(struct ipc_object *obj, const struct procindex *idx,
				  const struct fd_group *group);
/* Holders in (pid, fd) order, so output is stable from run to run. */
void ipc_object_sort_holders(struct ipc_object *obj);

/* Values of the kind's attributes; `def` must be one of obj->kind->attrs. */
void ipc_object_set_uint(struct ipc_object *obj, const struct attr_def *def, uint64_t v);
void ipc_object_set_int(struct ipc_object *obj, const struct attr_def *def, int64_t v);
void ipc_object_set_str(struct ipc_object *obj, const struct attr_def *def, const char *v);
void ipc_object_set_bool(struct ipc_object *obj, const struct attr_def *def, bool v);
/* Seconds since the epoch; 0, the kernel's "never", stays null. */
void ipc_object_set_time(struct ipc_object *obj, const struct attr_def *def, int64_t t);
/* Takes ownership of items (malloc'd, n of them). */
void ipc_object_set_list(struct ipc_object *obj, const struct attr_def *def,
			 struct int_list_item *items, size_t n);
/* Takes ownership of items and their commands. */
void ipc_object_set_waiters(struct ipc_object *obj, const struct attr_def *def,
			    struct lock_waiter *items, size_t n);
/* An empty peer with this inode, owned by obj; the caller adds its holders. */
struct ipc_peer *ipc_object_set_peer(struct ipc_object *obj, const struct attr_def *def,
				     uint64_t inode);
void ipc_peer_add_holder(struct ipc_peer *peer, const struct proc_info *proc, int fd,
			 unsigned access, enum holder_via via);
/* The value of the kind's attribute with this JSON key; NULL when the kind has none. */
const struct attr_value *ipc_object_attr_named(const struct ipc_object *obj, const char *json);
/* NULL when the object's kind has no such attribute. */
const struct attr_value *ipc_object_attr(const struct ipc_object *obj, const struct attr_def *def);

const char *access_string(unsigned access); /* "r", "w", "rw" or NULL */
const char *via_string(enum holder_via via);

#endif
