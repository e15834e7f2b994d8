/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_FDLINK_H
#define IPCSCOPE_FDLINK_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * What a /proc/PID/fd/N link points at, as far as its text tells; the last
 * few classes need a stat() or statfs() to tell, and the FD_MAP_* ones are
 * lines of /proc/PID/maps, indexed alongside descriptors.
 */
enum fd_class {
	FD_OTHER,  /* nsfs, a garbled link, anything not below */
	FD_PIPE,   /* pipe:[INO] */
	FD_SOCKET, /* socket:[INO] */
	FD_ANON,   /* anon_inode:... */
	FD_PATH,   /* an absolute path; may be a FIFO, a file, a device... */
	FD_FIFO,   /* a path that stat() showed to be a FIFO */
	FD_SHM,    /* a path that stat() showed to be a file on the /dev/shm filesystem */
	FD_MQUEUE, /* "/NAME" that statfs() showed to be on an mqueue filesystem */
	FD_MAP_SHM,  /* a shared mapping of a file on the /dev/shm filesystem */
	FD_MAP_SYSV, /* a SysV shared memory attachment; its inode is the shmid */
	FD_MEMFD,  /* "/memfd:NAME (deleted)" that statfs() showed to be on tmpfs or hugetlbfs */
	FD_MAP_MEMFD, /* a shared mapping of a memfd */
	FD_FILE,   /* a path whose stat() (device, inode) is in the request's file set */
	FD_CLASS_COUNT,
};

#define FD_CLASS_BIT(c) (1u << (c))

/*
 * Classify link text.  For pipe and socket links *ino receives the inode;
 * a link that looks like one but is malformed ("pipe:[12x]") is FD_OTHER,
 * never a made-up inode.
 */
enum fd_class fdlink_classify(const char *text, uint64_t *ino);

/* The mqueue filesystem's statfs() f_type; the kernel keeps it out of its uapi headers. */
#define MQUEUE_MAGIC 0x19800202

/* Whether the text can be a POSIX message queue's ("/NAME", one slash). */
bool fdlink_maybe_mqueue(const char *text);

/* Whether the text names a memfd_create() file: "/memfd:NAME (deleted)". */
bool fdlink_is_memfd(const char *text);

/* Access from the lstat() mode of /proc/PID/fd/N: lr-x is read, l-wx write. */
unsigned fdlink_access_from_mode(mode_t link_mode);

#endif
