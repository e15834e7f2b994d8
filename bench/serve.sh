#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/serve.sh [--build DIR] [--requests N] [--refreshes R]
#
# How ipcscope serve spends its time, in private IPC, mount and network
# namespaces (it sees every process of the machine, as it would in use):
# the latency of N scrapes of /metrics answered from the cached snapshot
# (median and 99th percentile, as curl measures each request), and the
# CPU time of R refreshes forced by SIGHUP against R runs of
# `ipcscope list --json` (medians).  Prints a Markdown table.  Run as root.
set -eu
me=bench/serve.sh
src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build requests=2000 refreshes=10
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$(cd "$2" && pwd); shift 2 ;;
	--requests) requests=$2; shift 2 ;;
	--refreshes) refreshes=$2; shift 2 ;;
	*) sed -n '3,/^$/s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done
bin=$build/ipcscope runstat=$build/bench/runstat
if [ ! -x "$bin" ] || [ ! -x "$runstat" ]; then
	echo "$me: build first: no $bin or $runstat" >&2
	exit 1
fi
command -v curl >/dev/null || { echo "$me: curl is missing (scripts/setup installs it)" >&2; exit 1; }
if [ "$(id -u)" -ne 0 ]; then
	echo "$me: run as root: it makes namespaces and reads every process's descriptors" >&2
	exit 1
fi
if [ -z "${IPCSCOPE_BENCH_NAMESPACES:-}" ]; then
	IPCSCOPE_BENCH_NAMESPACES=1 exec unshare --ipc --mount --net --fork -- "$0" \
		--build "$build" --requests "$requests" --refreshes "$refreshes"
fi
ip link set lo up
# A network namespace of our own: no other program has this port.
url=http://127.0.0.1:9877/metrics
work=$(mktemp -d)
"$bin" serve --quiet --interval 3600 &
serve=$!
trap 'kill "$serve" 2>/dev/null; wait "$serve" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
	curl -s -o /dev/null "$url" && break
	sleep 0.1
done

# The n-th of the sorted numbers on stdin, n from a share (0.5, 0.99).
quantile() {
	sort -g | awk -v q="$1" '{ v[NR] = $1 } END { i = int(q * NR + 0.5); if (i < 1) i = 1; print v[i] }'
}

# One curl for all the requests, so its own start is not counted.
for _ in $(seq "$requests"); do printf 'url = "%s"\noutput = "/dev/null"\n' "$url"; done >"$work/urls"
curl -s -w '%{time_total}\n' -K "$work/urls" >"$work/latency"
median=$(quantile 0.5 <"$work/latency")
p99=$(quantile 0.99 <"$work/latency")

metric() { curl -s "$url" | awk -v m="$1" '$1 == m { print $2 }'; }
: >"$work/refresh"
for _ in $(seq "$refreshes"); do
	before=$(metric ipcscope_last_refresh_timestamp_seconds)
	kill -HUP "$serve"
	while [ "$(metric ipcscope_last_refresh_timestamp_seconds)" = "$before" ]; do sleep 0.05; done
	metric ipcscope_refresh_cpu_seconds >>"$work/refresh"
done
refresh_cpu=$(quantile 0.5 <"$work/refresh")
: >"$work/list"
for _ in $(seq "$refreshes"); do
	"$runstat" "$bin" list --json --quiet | awk '{ printf "%.6f\n", $2 + $3 }' >>"$work/list"
done
list_cpu=$(quantile 0.5 <"$work/list")

echo "| measure | value |"
echo "|---|---|"
echo "| scrapes from the cache | $requests |"
echo "| scrape latency, median (s) | $median |"
echo "| scrape latency, p99 (s) | $p99 |"
echo "| CPU per refresh, median of $refreshes (s) | $refresh_cpu |"
echo "| CPU per \`list --json\`, median of $refreshes (s) | $list_cpu |"
