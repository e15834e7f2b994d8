# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
# shellcheck disable=SC2154 # me, bin, work, procs and out: the sourcing script's
# What the benchmark scripts share; sourced by them, never run.  The
# sourcing script sets `me` (its name, for messages), `bin` (the ipcscope
# binary), `work` (a scratch directory), `procs` (the load's workers) and
# `out` (where its report goes; empty for bench/results/) before it calls
# these, and defines report() before publish_report.

# The comment at the head of the calling script, as its usage.
usage() {
	sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

# Runs the calling script again, with arguments "$@", in private IPC, mount
# and network namespaces, so the load neither sees nor disturbs the
# machine's own objects; there, makes its loopback, /dev/shm and
# /dev/mqueue its own.  leave_private_namespaces() undoes what shows outside.
bench_private_namespaces() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "$me: run as root: it makes namespaces and reads every process's descriptors" >&2
		exit 1
	fi
	if [ -z "${IPCSCOPE_BENCH_NAMESPACES:-}" ]; then
		IPCSCOPE_BENCH_NAMESPACES=1 exec unshare --ipc --mount --net --fork -- "$0" "$@"
	fi
	ip link set lo up
	mount -t tmpfs -o mode=1777 none /dev/shm
	# /dev is the machine's devtmpfs: a mount point made there shows outside.
	[ -d /dev/mqueue ] || { mkdir /dev/mqueue && made_mq_dir=1; }
	mount -t mqueue none /dev/mqueue
}

leave_private_namespaces() {
	umount /dev/mqueue 2>/dev/null || true
	[ -z "${made_mq_dir:-}" ] || rmdir /dev/mqueue 2>/dev/null || true
}

# Median of column $1 of file $2.
median() {
	awk -v c="$1" '{ print $c }' "$2" | sort -g |
		awk '{ a[NR] = $1 } END { printf "%.6f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# Starts `ipcscope load` with about $1 descriptors, as load_pid, and waits for its manifest.
start_load() {
	local per=$((($1 - 208) / 4))
	[ "$per" -ge 1 ] || per=1
	"$bin" load --json --procs "$procs" --count 100 --count pipe="$per" --count unix="$per" \
		>"$work/manifest" 2>"$work/load.err" &
	load_pid=$!
	for _ in $(seq 6000); do
		[ -s "$work/manifest" ] && return 0
		kill -0 "$load_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "$me: the load did not start:" >&2
	cat "$work/load.err" >&2
	exit 1
}

stop_load() {
	kill "$load_pid"
	wait "$load_pid" || true
	load_pid=
}

# Descriptors open on the machine now.
open_descriptors() {
	# find fails when a process ends while it looks, and pipefail would end the script.
	{ find /proc/[0-9]*/fd -mindepth 1 -maxdepth 1 2>/dev/null || true; } | wc -l
}

machine() {
	local cpu kernel mem
	cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
	kernel=$(uname -r)
	mem=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
	echo "$(nproc) cores (${cpu:-unknown CPU}), $mem, Linux $kernel, Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"
}

# Prints what the calling script's report() writes and saves it to $out,
# by default to bench/results/ under the date and the machine, then $1.
publish_report() {
	if [ -z "$out" ]; then
		mkdir -p bench/results
		out=bench/results/$(date -u +%Y-%m-%d)-$(nproc)cores-linux-$(uname -r | cut -d- -f1)$1.md
	fi
	report | tee "$out"
	echo >&2
	echo "written to $out" >&2
}
