#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The benchmark scripts keep working: compare.sh on a tiny load, one run of
# each command, a table with a row of figures for every command it found
# installed; namespaces.sh with two small namespaces, its two rows and its
# ratio; and no load left behind.  Figures are not judged: a benchmark is
# not a test.
#   bench_smoke.sh BUILD_DIR
set -u
build=$1
src=$(cd "$(dirname "$0")/.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
	echo "bench_smoke: skipped: the benchmark needs root"
	exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
	echo "bench_smoke: $*" >&2
	sed 's/^/  /' "$work/table" "$work/err" >&2 2>/dev/null
	exit 1
}
loads_before=$(ls -d /tmp/ipcscope-load.* 2>/dev/null | wc -l)

"$src/bench/compare.sh" --build "$build" --sizes 600 --runs 1 --out "$work/table" \
	>"$work/stdout" 2>"$work/err" || fail "compare.sh exited $?"
cmp -s "$work/stdout" "$work/table" || fail "the table printed differs from the one written"

row() { # a row for command $1 whose wall, user and sys times are numbers
	grep -qE "^\| [0-9]+ \| \`$1\` \| [0-9]+\.[0-9]{3} \| [0-9]+\.[0-9]{3} \| [0-9]+\.[0-9]{3} \| [0-9]+\.[0-9] \|" "$work/table"
}
row 'ipcscope list --json' || fail "no row for ipcscope list --json"
row 'ipcscope list' || fail "no row for ipcscope list"
row 'ipcscope list --json \(SysV kinds\)' || fail "no row for the SysV kinds"
for peer in lsfd lsof ss ipcs; do
	if command -v $peer >/dev/null; then
		grep -q "| \`$peer " "$work/table" || fail "$peer is installed but has no row"
	else
		grep -q "not installed, so not timed: .*$peer" "$work/table" || fail "missing $peer not said"
	fi
done
# At least 600 descriptors were there while it timed.
awk -F'|' '/^\| [0-9]+ \| `ipcscope list --json` \|/ { if ($2 + 0 < 600) exit 1 }' "$work/table" ||
	fail "fewer descriptors than asked for"
grep -q '^Targets at [0-9]* descriptors:' "$work/table" || fail "no targets section"
grep -q 'failed in' "$work/err" && fail "a command failed"
# The namespaces benchmark: a row without and a row with them, and their ratio.
"$src/bench/namespaces.sh" --build "$build" --size 600 --runs 1 --namespaces 2 --sockets 10 \
	--out "$work/table" >"$work/stdout" 2>"$work/err" || fail "namespaces.sh exited $?"
for when in without with; do
	grep -qE "^\| $when the namespaces \| [0-9]+\.[0-9]{3} \| [0-9]+\.[0-9]{3} \| [0-9]+\.[0-9]{3} \| [0-9]+\.[0-9] \|" \
		"$work/table" || fail "namespaces.sh: no row $when the namespaces"
done
grep -qE '^with / without = [0-9]+\.[0-9]{2} \(target at most 1\.2\): ' "$work/table" ||
	fail "namespaces.sh: no ratio"
grep -q 'failed in' "$work/err" && fail "namespaces.sh: ipcscope failed"
# The serve benchmark: its latencies and CPU times are numbers.
"$src/bench/serve.sh" --build "$build" --requests 20 --refreshes 1 >"$work/table" 2>"$work/err" ||
	fail "serve.sh exited $?"
# shellcheck disable=SC2016 # the backquotes are Markdown's
for row in 'scrape latency, median' 'scrape latency, p99' 'CPU per refresh' 'CPU per `list --json`'; do
	grep -qE "^\| ${row}[^|]* \| [0-9]+\.[0-9]+ \|\$" "$work/table" || fail "serve.sh: no figure for $row"
done
loads_after=$(ls -d /tmp/ipcscope-load.* 2>/dev/null | wc -l)
[ "$loads_after" -eq "$loads_before" ] || fail "a load directory was left in /tmp"
echo "1 passed, 0 failed"
