#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every JSON document ipcscope writes, from real objects of every kind,
# validates against its schema in schema/: list, locks, stale, clean
# --dry-run, summary, locks --deadlocks (with a deadlock), watch --ndjson
# (created and changed events), graph --format json (plain and with hubs
# folded) and the manifest of load --stale.  The validator also fails
# where a kind is missing from a document, so the check cannot pass on
# empty output.  Run in private namespaces by hermetic.sh, with a
# /dev/shm and /dev/mqueue of its own.
#   check_schema.sh IPCSCOPE SCHEMA_DIR
set -u
ipcscope=$1
schemas=$2
here=$(dirname "$0")
if [ "${IPCSCOPE_TEST_NAMESPACES:-}" != private ]; then
	echo "skip: needs the private namespaces of hermetic.sh (root)"
	exit 77
fi
if ! /usr/bin/python3 -c 'import jsonschema' 2>/dev/null; then
	echo "skip: needs python3-jsonschema (scripts/setup installs it)"
	exit 77
fi
mount -t tmpfs none /dev/shm || { echo "check_schema: cannot mount a tmpfs on /dev/shm" >&2; exit 1; }
mkdir -p /dev/mqueue && mount -t mqueue none /dev/mqueue ||
	{ echo "check_schema: cannot mount an mqueue file system on /dev/mqueue" >&2; exit 1; }
ip link set lo up 2>/dev/null

work=$(mktemp -d)
out=$work/out
mkdir "$out"
load_pid= holder_pid= watch_pid= party1= party2= stale_dir=
cleanup() {
	for p in "$watch_pid" "$holder_pid" "$load_pid"; do
		[ -n "$p" ] && kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	# The deadlocked flock processes, each in a group of its own.
	for g in "$party1" "$party2"; do
		[ -n "$g" ] && kill -- "-$g" 2>/dev/null
	done
	# --stale never removes what it left; /dev/shm and the IPC namespace go with the test.
	[ -n "$stale_dir" ] && rm -rf "$stale_dir"
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Waits until FILE holds a line matching PATTERN; 30 s at most.
await() {
	tries=0
	until grep -q "$2" "$1" 2>/dev/null; do
		tries=$((tries + 1))
		[ "$tries" -gt 300 ] && { echo "check_schema: $3" >&2; exit 1; }
		sleep 0.1
	done
}

"$ipcscope" load --stale --json >"$out/load.json" 2>"$work/load.err" &
load_pid=$!
await "$out/load.json" '"skipped"' "the load did not start: $(cat "$work/load.err")"
stale_dir=$(sed -n 's/.*"stale_dir":"\([^"]*\)".*/\1/p' "$out/load.json")

# The kinds the load does not make: a raw socket and a memfd, and a pipe
# it writes into when told, for a changed event.
/usr/bin/python3 "$here/schema_holder.py" "$work/holder.ready" &
holder_pid=$!
await "$work/holder.ready" ready "the raw socket and memfd holder did not start"

# A deadlock of two flock requests, as in the man page.
touch "$work/a" "$work/b"
setsid flock "$work/a" -c "sleep 0.5; flock '$work/b' -c true" &
party1=$!
setsid flock "$work/b" -c "sleep 0.5; flock '$work/a' -c true" &
party2=$!

status=0
run() { # FILE COMMAND...: its output into FILE; an exit status but 0 fails
	file=$1
	shift
	"$ipcscope" "$@" >"$out/$file" 2>>"$work/stderr"
	rc=$?
	if [ "$rc" -ne 0 ] && ! { [ "$file" = deadlocks.json ] && [ "$rc" -eq 1 ]; }; then
		echo "check_schema: ipcscope $* exited $rc: $(tail -n 3 "$work/stderr")" >&2
		status=1
	fi
}
run list.json list --json --ns self
run list.ndjson list --ndjson --ns self
run locks.json locks --json --ns self
run stale.json stale --json --ns self --path "$stale_dir"
run clean.json clean --dry-run --json --ns self --path "$stale_dir"
run summary.json summary --json --ns self
# The deadlock forms once both hold their first lock: wait for the cycle.
tries=0
while :; do
	"$ipcscope" locks --deadlocks >/dev/null 2>&1
	[ $? -eq 1 ] && break
	tries=$((tries + 1))
	[ "$tries" -gt 300 ] && { echo "check_schema: the two flock requests formed no deadlock" >&2; exit 1; }
	sleep 0.1
done
run deadlocks.json locks --deadlocks --json
# The graph while the deadlock holds, as drawn and with every node a hub.
run graph.json graph --format json
run graph-hubs.json graph --format json --hubs 1
run watch-initial.ndjson watch --ndjson --initial --count 1 --interval 0.2 --ns self

# A changed event: the holder's pipe gets bytes once the watch has its first snapshot.
"$ipcscope" watch --ndjson --initial --interval 0.2 --ns self pipe >"$out/watch-changed.ndjson" 2>>"$work/stderr" &
watch_pid=$!
await "$out/watch-changed.ndjson" '"event":"created"' "watch printed no created event"
kill -USR1 "$holder_pid"
await "$out/watch-changed.ndjson" '"event":"changed"' "watch printed no changed event after the pipe was written"
kill "$watch_pid"
wait "$watch_pid"
watch_pid=

/usr/bin/python3 "$here/check_schema.py" "$schemas" "$out" "$("$ipcscope" --list-kinds | tr '\n' ' ')" || status=1
exit $status
