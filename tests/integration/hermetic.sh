#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Run a test in private IPC, mount and network namespaces so it neither sees
# nor disturbs other objects on the machine.  Where namespaces cannot be made
# (an unprivileged user), the test runs as it is: the cases that look only at
# objects they made themselves run, and those that need namespaces of their
# own skip, so the test exits 77 and ctest reports it skipped.
if unshare --ipc --mount --net --fork true 2>/dev/null; then
	IPCSCOPE_TEST_NAMESPACES=private exec unshare --ipc --mount --net --fork -- "$@"
fi
echo "hermetic.sh: cannot create namespaces here; running without them" >&2
exec "$@"
