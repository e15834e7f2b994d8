#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The object table written without libsmartcols (off a terminal) is the
# same, byte for byte, as the one libsmartcols writes (IPCSCOPE_TABLE_PLAIN=off):
# every kind the load makes, chosen columns, no headings, no rows, and
# names that are UTF-8 or hold a control character.  Run in private
# namespaces by hermetic.sh, so the objects stay the same from one run to
# the next.
#   check_table_plain.sh IPCSCOPE
set -u
ipcscope=$1
if [ "${IPCSCOPE_TEST_NAMESPACES:-}" != private ]; then
	echo "check_table_plain: skipped: needs the private namespaces of hermetic.sh"
	exit 77
fi
work=$(mktemp -d)
load_pid=
cleanup() {
	exec 3>&- 4>&-
	[ -n "$load_pid" ] && kill "$load_pid" 2>/dev/null && wait "$load_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

"$ipcscope" load --count 6 --json >"$work/manifest" 2>"$work/load.err" &
load_pid=$!
tries=0
until [ -s "$work/manifest" ]; do
	tries=$((tries + 1))
	[ "$tries" -gt 100 ] && { echo "check_table_plain: the load did not start" >&2; cat "$work/load.err" >&2; exit 1; }
	sleep 0.1
done
# Only the load's processes and this shell: FIFOs, locks and memfds are not
# in a namespace, and other programs' come and go between two runs.
pids=$(sed -n 's/.*"load":{"pid":\([0-9]*\).*"workers":\[\([0-9,]*\)\].*/\1,\2/p' "$work/manifest")
[ -n "$pids" ] || { echo "check_table_plain: no pids in the load's manifest" >&2; exit 1; }
pids="$pids,$$"
# FIFOs held open by this shell, one named in UTF-8 (fewer columns than
# bytes), one with an escape byte (written escaped, so as wide as its text).
mkfifo "$work/tubería-✓" "$work/$(printf 'esc\033[31m')"
exec 3<>"$work/tubería-✓" 4<>"$work/$(printf 'esc\033[31m')"

failed=0
compare() {
	# Without the FIFOs' descriptors, or each run would list itself as their holder.
	"$ipcscope" "$@" --ns self --pid "$pids" >"$work/plain" 2>/dev/null 3>&- 4>&-
	IPCSCOPE_TABLE_PLAIN=off "$ipcscope" "$@" --ns self --pid "$pids" >"$work/scols" 2>/dev/null 3>&- 4>&-
	if ! cmp -s "$work/plain" "$work/scols"; then
		echo "check_table_plain: 'ipcscope $*' differs from libsmartcols':" >&2
		diff "$work/scols" "$work/plain" | head -10 >&2
		failed=1
	fi
}
for kind in fifo sysv_shm sysv_msg sysv_sem posix_shm posix_sem lock memfd; do
	compare list "$kind"
	compare list "$kind" -n
done
compare list fifo -o NAME,ID,MODE
compare list sysv_shm -o +INODE,UID
compare list sysv_shm -o HOLDERS
compare list sysv_shm --name nothing-is-called-this
compare locks
# Nothing is left to chance: both ways printed rows.
[ "$(wc -l <"$work/plain")" -gt 1 ] || { echo "check_table_plain: locks printed no rows" >&2; failed=1; }
"$ipcscope" list fifo --ns self 2>/dev/null 3>&- 4>&- | grep -q 'tubería-✓' ||
	{ echo "check_table_plain: the UTF-8 FIFO is not listed" >&2; failed=1; }
exit $failed
