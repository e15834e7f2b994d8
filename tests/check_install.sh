#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# `cmake --install` of a build puts exactly the files a package ships where
# each reader looks: the program, its man page, the three completions and
# every schema of schema/ and the exporter's systemd unit, which systemd
# accepts; the Debian package installs the same list, with zsh's vendor
# directory (tests/check_deb.sh).
# Usage: check_install.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cmake --install "$build" --prefix "$scratch/usr" >/dev/null

{
	echo usr/bin/ipcscope
	echo usr/share/man/man1/ipcscope.1
	echo usr/share/bash-completion/completions/ipcscope
	echo usr/share/fish/vendor_completions.d/ipcscope.fish
	echo usr/lib/systemd/system/ipcscope-serve.service
	# The cache's choice; site-functions unless a packager set another.
	zsh_dir=$(sed -n 's/^IPCSCOPE_ZSH_COMPLETION_DIR:[A-Z]*=//p' "$build/CMakeCache.txt")
	echo "usr/$zsh_dir/_ipcscope"
	for schema in "$src"/schema/*.json; do
		echo "usr/share/ipcscope/schema/$(basename "$schema")"
	done
} | sort > "$scratch/expected"
(cd "$scratch" && find usr -type f | sort) > "$scratch/installed"

if ! diff -u "$scratch/expected" "$scratch/installed"; then
	echo "check_install: installed files (+) differ from the expected list (-)" >&2
	exit 1
fi
ls "$src"/schema/*.json >/dev/null 2>&1 || { echo "check_install: no schema in $src/schema" >&2; exit 1; }
[ -x "$scratch/usr/bin/ipcscope" ] || { echo "check_install: usr/bin/ipcscope is not executable" >&2; exit 1; }
version=$("$scratch/usr/bin/ipcscope" --version)
case "$version" in
"ipcscope "[0-9]*) ;;
*) echo "check_install: the installed ipcscope --version printed '$version'" >&2; exit 1 ;;
esac

# The unit as systemd reads it: every directive known and every command
# there, with ExecStart pointed at the binary just installed (the unit
# names the configured prefix) and without the man page it links to.
unit=$scratch/usr/lib/systemd/system/ipcscope-serve.service
if command -v systemd-analyze >/dev/null 2>&1; then
	sed -e "s|^ExecStart=[^ ]*|ExecStart=$scratch/usr/bin/ipcscope|" -e '/^Documentation=/d' "$unit" \
		>"$scratch/ipcscope-serve.service"
	if ! systemd-analyze verify "$scratch/ipcscope-serve.service" >"$scratch/verify" 2>&1 ||
		[ -s "$scratch/verify" ]; then
		cat "$scratch/verify" >&2
		echo "check_install: systemd-analyze verify finds fault with ipcscope-serve.service" >&2
		exit 1
	fi
	unit_checked="; the unit passes systemd-analyze verify"
else
	unit_checked="; systemd-analyze is not installed, the unit is not verified"
fi
echo "installed: $(wc -l < "$scratch/installed") files; $version${unit_checked}"
