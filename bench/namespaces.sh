#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Times `ipcscope list --json` on the benchmark load of compare.sh with and
# without more namespaces: 20 of 100 sockets each by default, each a
# process of bench/nsload in network, IPC and mount namespaces of its own,
# as a container's are.  Prints the ratio of the medians, whose target is
# at most 1.2, and writes the report to bench/results/.  The runs without
# them come half before and half after those with them, so that a drift
# of the machine does not pass for their cost.  Run as root after the
# README's build:
#
#   bench/namespaces.sh [--runs N] [--size N] [--namespaces N] [--sockets N] [--build DIR] [--out FILE]
#
# Everything runs in private IPC, mount and network namespaces, the extra
# ones inside them, and all of it is gone when the script ends.
set -euo pipefail
cd "$(dirname "$0")/.."
me=namespaces.sh
# shellcheck source=bench/common.sh
. bench/common.sh

runs=7
size=50000
namespaces=20
sockets=100
build=build
out=
procs=20
args=("$@")
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=${2:?}; shift 2 ;;
	--size) size=${2:?}; shift 2 ;;
	--namespaces) namespaces=${2:?}; shift 2 ;;
	--sockets) sockets=${2:?}; shift 2 ;;
	--build) build=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	-h | --help) usage ;;
	*) echo "$me: unknown argument '$1'" >&2; usage ;;
	esac
done
for n in "$runs" "$size" "$namespaces" "$sockets"; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || { echo "$me: --runs, --size, --namespaces and --sockets take numbers from 1" >&2; exit 2; }
done

bin=$build/ipcscope
runstat=$build/bench/runstat
nsload=$build/bench/nsload
for f in "$bin" "$runstat" "$nsload"; do
	[ -x "$f" ] || { echo "$me: $f is missing: build first (see README)" >&2; exit 1; }
done
bench_private_namespaces "${args[@]}"

work=$(mktemp -d)
load_pid=
nsload_pid=
cleanup() {
	for pid in $nsload_pid $load_pid; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	rm -rf "$work"
	leave_private_namespaces
}
trap cleanup EXIT

start_namespaces() {
	"$nsload" "$namespaces" "$sockets" >"$work/nsload.out" 2>"$work/nsload.err" &
	nsload_pid=$!
	for _ in $(seq 600); do
		grep -qx ready "$work/nsload.out" && return 0
		kill -0 "$nsload_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "$me: the namespaces were not made:" >&2
	cat "$work/nsload.err" >&2
	exit 1
}

stop_namespaces() {
	kill "$nsload_pid"
	wait "$nsload_pid"
	nsload_pid=
	# The kernel frees a network namespace in the background, after its last process.
	sleep 2
}

# $1 timed runs of list --json, after a warm-up, appended to file $2.
time_runs() {
	"$runstat" "$bin" list --json >/dev/null
	for ((r = 0; r < $1; r++)); do
		"$runstat" "$bin" list --json >>"$2"
	done
}

# Sockets that ipcscope lists now.
listed_sockets() {
	"$bin" list -n -r -o KIND --kind unix,tcp,udp 2>/dev/null | wc -l
}

start_load "$size"
fds=$(open_descriptors)
: >"$work/without"
: >"$work/with"
half=$(((runs + 1) / 2))
time_runs "$half" "$work/without"
sockets_without=$(listed_sockets)
start_namespaces
sockets_with=$(listed_sockets)
time_runs "$runs" "$work/with"
stop_namespaces
time_runs "$half" "$work/without"
stop_load

for f in with without; do
	bad=$(awk '$5 != 0' "$work/$f" | wc -l)
	[ "$bad" -eq 0 ] || echo "$me: ipcscope list --json failed in $bad runs $f the namespaces" >&2
done

report() {
	local held=$((namespaces * sockets)) more=$((sockets_with - sockets_without))
	echo "# ipcscope list --json with and without $namespaces namespaces of $sockets sockets"
	echo
	echo "- machine: $(machine)"
	echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "- version: $("$bin" --version 2>&1 | head -1)"
	echo "- load: \`ipcscope load --procs $procs --count 100 --count pipe=P --count unix=P\`, $fds descriptors open on the machine"
	echo "- namespaces: \`bench/nsload $namespaces $sockets\`: $namespaces processes, each in network, IPC and mount namespaces of its own, with $sockets sockets (TCP, unix, UDP)"
	echo "- sockets listed: $sockets_without without them, $sockets_with with them ($more more; they hold $held)"
	echo "- median of $(wc -l <"$work/with") runs with them, and of $(wc -l <"$work/without") without, half before and half after; peak RSS from wait4()"
	echo
	echo "| \`ipcscope list --json\` | wall (s) | user (s) | sys (s) | peak RSS (MiB) |"
	echo "|---|---:|---:|---:|---:|"
	for f in without with; do
		printf "| %s the namespaces | %.3f | %.3f | %.3f | %.1f |\n" "$f" "$(median 1 "$work/$f")" \
			"$(median 2 "$work/$f")" "$(median 3 "$work/$f")" "$(awk "BEGIN { print $(median 4 "$work/$f") / 1024 }")"
	done
	echo
	awk -v with="$(median 1 "$work/with")" -v without="$(median 1 "$work/without")" -v seen="$more" -v held="$held" 'BEGIN {
		verdict = (with <= 1.2 * without) ? "met" : "NOT met"
		if (seen < held)
			verdict = sprintf("not judged: ipcscope listed %d of the %d sockets the namespaces hold, so their reading was not timed", seen, held)
		printf "with / without = %.2f (target at most 1.2): %s\n", with / without, verdict
	}'
}

publish_report -namespaces
