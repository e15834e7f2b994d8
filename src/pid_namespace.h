/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_PID_NAMESPACE_H
#define IPCSCOPE_PID_NAMESPACE_H

#include <stdbool.h>

/*
 * Whether ipcscope runs in the host's (the initial) PID namespace.  In any
 * other one it sees only the processes inside it, and the kernel gives the
 * pids that SysV objects record as 0 for every process outside it: a 0 is
 * then unknown, never "none" or "gone".  False when it cannot be told.
 */
bool pid_namespace_is_initial(void);

/* The warning a listing carries when it is not. */
#define PID_NAMESPACE_WARNING                                                                 \
	"ipcscope runs in a PID namespace other than the host's: it sees only the processes "  \
	"inside it, and SysV objects show the pids of processes outside it as null (the "       \
	"kernel gives 0); stale judges SysV objects only on what it can see, and clean skips "  \
	"objects that an unseen process could hold"

#endif
