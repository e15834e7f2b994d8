#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs each fuzz target of a build configured with -DIPCSCOPE_FUZZ=ON for
# SECONDS (default 20), its corpus seeded from tests/fixtures, and fails on
# any crash, hang (an input taking over 10 s), leak or sanitizer report.
# As many targets run at once as there are cores.
#
#   tests/fuzz/run.sh BUILD_DIR [SECONDS [TARGET...]]
#
# The corpus each run grows is kept in BUILD_DIR/fuzz/corpus, so a later
# run goes on from it; an input that failed is left in BUILD_DIR/fuzz/artifacts
# and the target's output in BUILD_DIR/fuzz/logs.
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 BUILD_DIR [SECONDS [TARGET...]]" >&2
	exit 2
fi
build=$(cd "$1" && pwd)
seconds=${2:-20}
shift $(($# < 2 ? $# : 2))
case $seconds in
'' | *[!0-9]*)
	echo "$0: SECONDS must be a whole number, not '$seconds'" >&2
	exit 2
	;;
esac
fixtures=$(cd "$(dirname "$0")/../fixtures" && pwd)
bin=$build/tests/fuzz
if [ ! -f "$bin/fuzzers.txt" ]; then
	echo "$0: no fuzz targets in $build: configure it with -DCMAKE_C_COMPILER=clang -DIPCSCOPE_FUZZ=ON and build the 'fuzzers' target" >&2
	exit 2
fi
targets=${*:-$(cat "$bin/fuzzers.txt")}

# Seeds: whole fixture files, or (for the parsers of one short string) one file per line.
whole() {
	cp "$@" "$seeds/"
}
lines() {
	n=0
	grep -v '^#' "$@" | while IFS= read -r line; do
		n=$((n + 1))
		printf '%s' "$line" >"$seeds/line-$n"
	done
}
seed() {
	case $1 in
	proc_locks) whole "$fixtures/proc/locks/locks" ;;
	fdinfo_locks) whole "$fixtures"/proc/locks/fdinfo-* ;;
	mq_status) lines "$fixtures/proc/mqueue/status" ;;
	maps) whole "$fixtures/proc/maps/shared-memory" ;;
	sysvipc) whole "$fixtures"/proc/sysvipc/shm* "$fixtures/proc/sysvipc/msg" "$fixtures/proc/sysvipc/sem" ;;
	procnet_unix) whole "$fixtures"/proc/net/unix* ;;
	procnet_inet) whole "$fixtures"/proc/net/tcp* "$fixtures"/proc/net/udp* "$fixtures"/proc/net/raw* ;;
	unix_diag) whole "$fixtures/netlink/unix.bin" ;;
	inet_diag) whole "$fixtures"/netlink/*[46].bin "$fixtures/netlink/raw4-enoent.bin" ;;
	sysctl) whole "$fixtures"/proc/sys/*.* ;;
	fdlink) cut -f1 "$fixtures/proc/fd-links.txt" >"$seeds/.links" && lines "$seeds/.links" && rm "$seeds/.links" ;;
	durations) lines "$fixtures/cli/durations" ;;
	cgroup) whole "$fixtures"/cgroup/*.txt ;;
	devshm) lines "$fixtures/proc/devshm/holder-texts" ;;
	*)
		echo "$0: no seeds for fuzz target '$1'" >&2
		return 1
		;;
	esac
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
mkdir -p "$build/fuzz/logs" "$build/fuzz/artifacts"

# One target; its verdict goes to logs/TARGET.result, its output to logs/TARGET.log.
run_one() {
	t=$1
	seeds=$build/fuzz/seeds/$t
	corpus=$build/fuzz/corpus/$t
	log=$build/fuzz/logs/$t.log
	rm -rf "$seeds"
	mkdir -p "$seeds" "$corpus"
	ok=true
	if [ ! -x "$bin/fuzz_$t" ]; then
		echo "fuzz_$t: not built" >"$log"
		ok=false
	elif ! seed "$t" 2>"$log"; then
		ok=false
	elif ! "$bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$build/fuzz/artifacts/$t-" \
		"$corpus" "$seeds" >"$log" 2>&1; then
		ok=false
	elif grep -q -e 'runtime error:' -e 'ERROR: [A-Za-z]*Sanitizer' "$log"; then
		ok=false
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	if $ok; then
		echo "fuzz_$t: ok, ${runs:-?} inputs in ${seconds}s, corpus $(find "$corpus" -type f | wc -l)"
	else
		echo "fuzz_$t: FAILED (log: $log)"
		tail -n 40 "$log" | sed 's/^/    /'
	fi >"$build/fuzz/logs/$t.result"
}

# As many targets at once as there are cores, each on one.
jobs=$(nproc)
passed=0
failed=0
# shellcheck disable=SC2086 # one word per target
set -- $targets
while [ $# -gt 0 ]; do
	batch=""
	while [ $# -gt 0 ] && [ "$(echo "$batch" | wc -w)" -lt "$jobs" ]; do
		run_one "$1" &
		batch="$batch $1"
		shift
	done
	wait
	for t in $batch; do
		cat "$build/fuzz/logs/$t.result"
		if grep -q '^fuzz_[a-z_]*: ok' "$build/fuzz/logs/$t.result"; then
			passed=$((passed + 1))
		else
			failed=$((failed + 1))
		fi
	done
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
