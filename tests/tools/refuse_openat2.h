/* SPDX-License-Identifier: GPL-2.0-or-later */
#ifndef IPCSCOPE_TEST_REFUSE_OPENAT2_H
#define IPCSCOPE_TEST_REFUSE_OPENAT2_H

/*
 * Makes openat2() fail with ENOSYS in this process and all it starts, as
 * a kernel before 5.6 does and as systemd-nspawn's and older container
 * runtimes' seccomp profiles do.  Returns 0 once a call of openat2() has
 * been seen to fail so, or -1 with a message on stderr.
 */
int refuse_openat2(void);

#endif
