#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package builds from a copy of the tree (the source directory
# stays clean), installs the program, its man page, the three completions
# where each shell looks, the JSON schemas, the exporter's unit and
# lintian's one override, nothing else but its documentation, and the
# program it installs runs; the unit starts the installed program and the
# package does not enable it; lintian finds no error or warning.
# The package's own tests are left out (nocheck): ctest runs them anyway.
#   check_deb.sh SOURCE_DIR
set -eu
src=$(cd "$1" && pwd)
if ! command -v dpkg-buildpackage >/dev/null 2>&1; then
	echo "skip: dpkg-buildpackage is not installed (scripts/setup installs dpkg-dev)"
	exit 77
fi
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/ipcscope" "$scratch/root"

# What git would commit, changes not yet committed included; without git,
# the tree but its build directories.
if git -C "$src" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$src" && git ls-files --cached --others --exclude-standard -z |
		xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh |
		tar --null -T - -cf -) | tar -xf - -C "$scratch/ipcscope"
else
	(cd "$src" && tar --exclude='./build*' --exclude='./obj-*' -cf - .) | tar -xf - -C "$scratch/ipcscope"
fi

if ! (cd "$scratch/ipcscope" && DEB_BUILD_OPTIONS="nocheck parallel=2" \
		dpkg-buildpackage -b -us -uc >"$scratch/build.log" 2>&1); then
	tail -n 40 "$scratch/build.log" >&2
	echo "check_deb: dpkg-buildpackage -b -us -uc failed (above, the end of its log)" >&2
	exit 1
fi
set -- "$scratch"/ipcscope_*.deb
[ -f "$1" ] && [ $# -eq 1 ] || { echo "check_deb: expected one ipcscope_*.deb, found: $*" >&2; exit 1; }
deb=$1
dpkg -x "$deb" "$scratch/root"

status=0
{
	echo usr/bin/ipcscope
	echo usr/share/man/man1/ipcscope.1.gz
	echo usr/share/bash-completion/completions/ipcscope
	echo usr/share/zsh/vendor-completions/_ipcscope
	echo usr/share/fish/vendor_completions.d/ipcscope.fish
	echo usr/lib/systemd/system/ipcscope-serve.service
	echo usr/share/lintian/overrides/ipcscope
	for schema in "$src"/schema/*.json; do
		echo "usr/share/ipcscope/schema/$(basename "$schema")"
	done
} | sort >"$scratch/expected"
# The package's documentation (copyright, changelogs) is its own business.
(cd "$scratch/root" && find . ! -type d | sed 's|^\./||' | grep -v '^usr/share/doc/ipcscope/' | sort) \
	>"$scratch/installed"
if ! diff -u "$scratch/expected" "$scratch/installed"; then
	echo "check_deb: the package's files (+) differ from the expected list (-)" >&2
	status=1
fi
[ -f "$scratch/root/usr/share/doc/ipcscope/copyright" ] ||
	{ echo "check_deb: no usr/share/doc/ipcscope/copyright" >&2; status=1; }

# The unit names the packaged binary, not cmake's default prefix; and an
# exporter opens a port only when asked, so no maintainer script enables it.
grep -qx 'ExecStart=/usr/bin/ipcscope serve .*' "$scratch/root/usr/lib/systemd/system/ipcscope-serve.service" ||
	{ echo "check_deb: ipcscope-serve.service does not start /usr/bin/ipcscope" >&2; status=1; }
scripts=$(dpkg-deb --ctrl-tarfile "$deb" | tar -tf - | sed -n 's|^\./||; /^\(pre\|post\)\(inst\|rm\)$/p')
[ -z "$scripts" ] || { echo "check_deb: the package has maintainer scripts ($scripts); ipcscope-serve must not start on install" >&2; status=1; }

version=$(sed -n 's/^project(ipcscope VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
said=$("$scratch/root/usr/bin/ipcscope" --version) || { echo "check_deb: the packaged ipcscope --version failed" >&2; exit 1; }
case "$said" in
"ipcscope $version" | "ipcscope $version "*) ;;
*) echo "check_deb: the packaged ipcscope --version says '$said', not ipcscope $version" >&2; status=1 ;;
esac
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] ||
	{ echo "check_deb: the package's version is $(dpkg-deb -f "$deb" Version), not $version" >&2; status=1; }

if command -v lintian >/dev/null 2>&1; then
	if ! lintian --fail-on error,warning "$deb" >"$scratch/lintian" 2>&1; then
		cat "$scratch/lintian" >&2
		echo "check_deb: lintian reports errors or warnings" >&2
		status=1
	fi
	sed 's/^/lintian: /' "$scratch/lintian"
else
	echo "check_deb: lintian is not installed (scripts/setup installs it)" >&2
	status=1
fi
[ $status -eq 0 ] && echo "$(basename "$deb"): $(wc -l <"$scratch/installed") files where they belong; $said"
exit $status
