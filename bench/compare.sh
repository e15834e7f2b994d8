#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Times `ipcscope list` against lsfd, lsof, ss and the SysV tools on loads
# made by `ipcscope load` (10,000, 50,000 and 100,000 descriptors: pipes and
# unix sockets over 20 worker processes, plus 100 objects of every SysV and
# POSIX kind and 100 file locks), alternating the commands, several runs
# each after a warm-up.  Prints a Markdown table of the medians and writes
# it to bench/results/.  Run as root after the README's build:
#
#   bench/compare.sh [--runs N] [--sizes N[,N...]] [--build DIR] [--out FILE]
#
# Everything runs in private IPC, mount and network namespaces, so the
# load neither sees nor disturbs the machine's own objects.
set -euo pipefail
cd "$(dirname "$0")/.."
me=compare.sh
# shellcheck source=bench/common.sh
. bench/common.sh

runs=7
sizes=10000,50000,100000
build=build
out=
procs=20
args=("$@")
while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=${2:?}; shift 2 ;;
	--sizes) sizes=${2:?}; shift 2 ;;
	--build) build=${2:?}; shift 2 ;;
	--out) out=${2:?}; shift 2 ;;
	-h | --help) usage ;;
	*) echo "compare.sh: unknown argument '$1'" >&2; usage ;;
	esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: --runs takes a number from 1" >&2; exit 2; }
[[ $sizes =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "compare.sh: --sizes takes numbers, comma-separated" >&2; exit 2; }

bin=$build/ipcscope
runstat=$build/bench/runstat
for f in "$bin" "$runstat"; do
	[ -x "$f" ] || { echo "compare.sh: $f is missing: build first (see README)" >&2; exit 1; }
done
bench_private_namespaces "${args[@]}"

# name|command line; the first two are what the others are compared with.
all_commands=(
	"ipcscope list --json|$bin list --json"
	"ipcscope list|$bin list"
	"lsfd -J|lsfd -J"
	"lsof -n|lsof -n"
	"ss -xap|ss -xap"
	"ipcscope list --json (SysV kinds)|$bin list --json --kind sysv_shm,sysv_msg,sysv_sem"
	"lsipc -m -J|lsipc -m -J"
	"ipcs -a|ipcs -a"
)
commands=()
missing=()
for c in "${all_commands[@]}"; do
	line=${c#*|}
	if command -v "${line%% *}" >/dev/null; then
		commands+=("$c")
	else
		missing+=("${line%% *}")
	fi
done
ncmd=${#commands[@]}

work=$(mktemp -d)
load_pid=
cleanup() {
	[ -z "$load_pid" ] || { kill "$load_pid" 2>/dev/null || true; wait "$load_pid" 2>/dev/null || true; }
	rm -rf "$work"
	leave_private_namespaces
}
trap cleanup EXIT

# rows: size name wall user sys rss_kib
: >"$work/rows"
for size in ${sizes//,/ }; do
	start_load "$size"
	fds=$(open_descriptors)
	for ((i = 0; i < ncmd; i++)); do
		: >"$work/t$i"
		line=${commands[$i]#*|}
		# shellcheck disable=SC2086 # the command line is words
		"$runstat" $line >/dev/null # warm-up
	done
	for ((r = 0; r < runs; r++)); do
		for ((k = 0; k < ncmd; k++)); do
			i=$(((k + r) % ncmd)) # a different command first each round
			line=${commands[$i]#*|}
			# shellcheck disable=SC2086
			"$runstat" $line >>"$work/t$i"
		done
	done
	stop_load
	for ((i = 0; i < ncmd; i++)); do
		bad=$(awk '$5 != 0' "$work/t$i" | wc -l)
		[ "$bad" -eq 0 ] || echo "compare.sh: ${commands[$i]%%|*} failed in $bad of $runs runs" >&2
		printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$fds" "${commands[$i]%%|*}" \
			"$(median 1 "$work/t$i")" "$(median 2 "$work/t$i")" "$(median 3 "$work/t$i")" \
			"$(median 4 "$work/t$i")" >>"$work/rows"
	done
done

report() {
	echo "# ipcscope list against its peers"
	echo
	echo "- machine: $(machine)"
	echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "- versions: $("$bin" --version 2>&1 | head -1); lsfd/lsipc/ipcs from util-linux $(lsfd --version 2>/dev/null | awk '{ print $NF }'); $(ss -V 2>/dev/null | head -1); lsof $(lsof -v 2>&1 | awk '/revision:/ { print $2; exit }')"
	echo "- load: \`ipcscope load --procs $procs --count 100 --count pipe=P --count unix=P\` (plus its waiter processes); descriptors = all open descriptors on the machine during the run"
	echo "- median of $runs runs after one warm-up, the commands alternating; peak RSS from wait4()"
	[ ${#missing[@]} -eq 0 ] || echo "- not installed, so not timed: ${missing[*]}"
	echo
	echo "| descriptors | command | wall (s) | user (s) | sys (s) | peak RSS (MiB) | ipcscope / it |"
	echo "|---:|---|---:|---:|---:|---:|---:|"
	awk -F'\t' '
		$2 == "ipcscope list --json" { base[$1] = $3 }
		$2 == "ipcscope list --json (SysV kinds)" { sysv[$1] = $3 }
		{ row[NR] = $0 }
		END {
			for (n = 1; n <= NR; n++) {
				split(row[n], f, "\t")
				ratio = "–"
				ref = (f[2] ~ /^(lsipc|ipcs)/) ? sysv[f[1]] : base[f[1]]
				if (f[2] !~ /^ipcscope/ && ref != "" && f[3] > 0)
					ratio = sprintf("%.2f", ref / f[3])
				printf "| %d | `%s` | %.3f | %.3f | %.3f | %.1f | %s |\n", f[1], f[2], f[3], f[4], f[5], f[6] / 1024, ratio
			}
		}' "$work/rows"
	echo
	awk -F'\t' '
		{ t[$1, $2] = $3; r[$1, $2] = $6; if (!($1 in seen)) { seen[$1] = 1; sizes[++n] = $1 } }
		END {
			# The targets are set at 50,000 descriptors: the size nearest to it.
			best = 0
			for (i = 1; i <= n; i++) {
				d = sizes[i] - 50000; if (d < 0) d = -d
				if (!best || d < bestd) { best = sizes[i]; bestd = d }
			}
			j = t[best, "ipcscope list --json"]
			printf "Targets at %d descriptors:\n\n", best
			if (t[best, "lsfd -J"] != "")
				printf "- `lsfd -J` / `ipcscope list --json` = %.2f (target at least 4): %s\n", t[best, "lsfd -J"] / j, (t[best, "lsfd -J"] >= 4 * j) ? "met" : "NOT met"
			if (t[best, "ss -xap"] != "")
				printf "- `ss -xap` / `ipcscope list --json` = %.2f (target above 1): %s\n", t[best, "ss -xap"] / j, (t[best, "ss -xap"] > j) ? "met" : "NOT met"
			if (r[best, "lsfd -J"] != "")
				printf "- peak RSS %.1f MiB against lsfd -J %.1f MiB (target below): %s\n", r[best, "ipcscope list --json"] / 1024, r[best, "lsfd -J"] / 1024, (r[best, "ipcscope list --json"] < r[best, "lsfd -J"]) ? "met" : "NOT met"
			lo = sizes[1]; hi = sizes[1]
			for (i = 1; i <= n; i++) { if (sizes[i] < lo) lo = sizes[i]; if (sizes[i] > hi) hi = sizes[i] }
			if (hi > lo)
				printf "- growth: %d descriptors take %.2f times as long as %d (%.1f times as many; target at most 11 for 10x): %s\n", hi, t[hi, "ipcscope list --json"] / t[lo, "ipcscope list --json"], lo, hi / lo, (t[hi, "ipcscope list --json"] <= 1.1 * (hi / lo) * t[lo, "ipcscope list --json"]) ? "met" : "NOT met"
		}' "$work/rows"
}

publish_report ""
