#!/bin/bash
# 20 processes holding 25,000 unix sockets and 25,000 pipe ends in all;
# times `ipcscope list --json` (every kind, with holders and peers) against
# `ss -xap` (unix sockets only) on the same load, alternating, and prints
# the median wall time of each.  Run as root after the README's build.
#   bench/sockets-vs-ss.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
bin=build/ipcscope
hold=build/bench/hold-fds
procs=20
pairs=625 # per process: 625 pipes + 625 socketpairs = 1,250 pipe ends + 1,250 sockets

pids=()
ready=$(mktemp -d)
cleanup() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$ready"; }
trap cleanup EXIT
for i in $(seq $procs); do
	"$hold" $pairs >"$ready/$i" &
	pids+=("$!")
done
for i in $(seq $procs); do # each prints "ready" once all its descriptors exist
	for _ in $(seq 100); do grep -q ready "$ready/$i" && break; sleep 0.1; done
	grep -q ready "$ready/$i" || { echo "load process $i did not start" >&2; exit 1; }
done

time_one() { # prints wall seconds of one run of "$@"
	local start end
	start=$(date +%s.%N)
	"$@" >/dev/null 2>&1
	end=$(date +%s.%N)
	awk -v s="$start" -v e="$end" 'BEGIN { printf "%.4f\n", e - s }'
}
median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f\n", m}'; }

time_one $bin list --json >/dev/null; time_one ss -xap >/dev/null # warm-up
ipc=() ss=()
for _ in $(seq "$runs"); do
	ipc+=("$(time_one $bin list --json)")
	ss+=("$(time_one ss -xap)")
done
objects=$($bin list --json 2>/dev/null | grep -c '"kind":"unix"\|"kind":"pipe"' || true)
m_ipc=$(printf '%s\n' "${ipc[@]}" | median)
m_ss=$(printf '%s\n' "${ss[@]}" | median)
echo "load: $procs processes, $((procs * pairs * 2)) unix sockets, $((procs * pairs * 2)) pipe ends ($objects pipe+unix objects listed)"
echo "median of $runs runs: ipcscope list --json ${m_ipc}s   ss -xap ${m_ss}s   ratio $(awk -v a="$m_ipc" -v b="$m_ss" 'BEGIN { printf "%.2f", a / b }')"
