/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "posix_fields.h"

const struct attr_def attr_mntns = {
	.json = "mntns", .column = "MNTNS", .type = ATTR_UINT, .width_hint = 10,
	.col_flags = COL_RIGHT,
	.help = "mount namespace whose /dev/shm holds it (the inode of /proc/PID/ns/mnt)",
};

const struct attr_def attr_deleted = {
	.json = "deleted", .column = "DELETED", .type = ATTR_BOOL, .width_hint = 3,
	.help = "unlinked, but still held or mapped: it goes when the last holder lets go",
};
