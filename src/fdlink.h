#ifndef IPCSCOPE_FDLINK_H
#define IPCSCOPE_FDLINK_H

#include <stdint.h>
#include <sys/types.h>

/* What a /proc/PID/fd/N link points at, as far as its text tells. */
enum fd_class {
	FD_OTHER,  /* nsfs, a garbled link, anything not below */
	FD_PIPE,   /* pipe:[INO] */
	FD_SOCKET, /* socket:[INO] */
	FD_ANON,   /* anon_inode:... */
	FD_PATH,   /* an absolute path; may be a FIFO, a file, a device... */
	FD_FIFO,   /* a path that stat() showed to be a FIFO */
	FD_CLASS_COUNT,
};

#define FD_CLASS_BIT(c) (1u << (c))

/*
 * Classify link text.  For pipe and socket links *ino receives the inode;
 * a link that looks like one but is malformed ("pipe:[12x]") is FD_OTHER,
 * never a made-up inode.
 */
enum fd_class fdlink_classify(const char *text, uint64_t *ino);

/* Access from the lstat() mode of /proc/PID/fd/N: lr-x is read, l-wx write. */
unsigned fdlink_access_from_mode(mode_t link_mode);

#endif
