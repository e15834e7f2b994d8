#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Every source file of the tree names its licence in its first lines, so a
# file added later cannot go out without it.  Sources are the C files and
# headers, shell, CMake and python scripts, completion scripts and man pages;
# data (fixtures, results, text) is not.
set -eu
root=${1:-$(dirname "$0")/..}
cd "$root"
tag='SPDX-License-Identifier: GPL-2.0-or-later'
# The files git tracks or would track; without git, everything but build
# trees (cmake's and the Debian package's).
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	files=$(git ls-files --cached --others --exclude-standard)
else
	files=$(find . \( -name .git -o -name 'build*' -o -name 'obj-*' -o -path ./debian/ipcscope \
			-o -path ./debian/.debhelper -o -path ./debian/tmp \) -prune -o -type f -print |
		sed 's|^\./||')
fi
sources=
for f in $files; do
	case "$f" in
	*.c|*.h|*.h.in|*.sh|*.py|*.cmake|*.bash|*.fish|*.[1-8]) ;;
	CMakeLists.txt|*/CMakeLists.txt|completions/*|scripts/*|.ci/*|debian/rules) ;;
	*) continue ;;
	esac
	sources="$sources $f"
done
# One awk over them all: the files whose first three lines lack the tag.
# shellcheck disable=SC2086 # one word per file
missing=$(awk -v tag="$tag" '
	FNR == 1 { if (file != "" && !ok) print file; file = FILENAME; ok = 0 }
	FNR <= 3 && index($0, tag) { ok = 1 }
	END { if (file != "" && !ok) print file }' $sources)
if [ -n "$missing" ]; then
	for f in $missing; do
		echo "$f: no '$tag' in its first lines" >&2
	done
	exit 1
fi
echo "every source file names its licence"
