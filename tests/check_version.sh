#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The version is set once, in CMakeLists.txt's project(); what else says it
# agrees: --version, the man page's title, CHANGELOG.md's latest release and
# debian/changelog's latest entry.
# Usage: check_version.sh SOURCE_DIR IPCSCOPE
set -eu
src=$1
ipcscope=$2
status=0
version=$(sed -n 's/^project(ipcscope VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ -n "$version" ] || { echo "check_version: no project(ipcscope VERSION ...) in CMakeLists.txt" >&2; exit 1; }

differs() { # WHERE SAYS
	echo "check_version: $1 says '$2', CMakeLists.txt says '$version'" >&2
	status=1
}
said=$("$ipcscope" --version | sed -n 's/^ipcscope \([^ ]*\).*/\1/p')
[ "$said" = "$version" ] || differs "ipcscope --version" "$said"
said=$(sed -n 's/^\.TH IPCSCOPE 1 [^ ]* "ipcscope \([^"]*\)".*/\1/p' "$src/man/ipcscope.1")
[ "$said" = "$version" ] || differs "man/ipcscope.1's .TH" "$said"
said=$(sed -n 's/^## \[\{0,1\}\([0-9][0-9.]*\).*/\1/p' "$src/CHANGELOG.md" | head -n 1)
[ "$said" = "$version" ] || differs "CHANGELOG.md's latest release" "$said"
said=$(sed -n '1s/^ipcscope (\([^)]*\)).*/\1/p' "$src/debian/changelog")
[ "$said" = "$version" ] || differs "debian/changelog's latest entry" "$said"
[ $status -eq 0 ] && echo "version $version everywhere"
exit $status
