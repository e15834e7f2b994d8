#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The README's Layout section names every source file, and names no file
# that is gone, so a reader can trust it as a map of the tree.
set -eu
root=${1:-$(dirname "$0")/..}
cd "$root"
layout=$(sed -n '/^## Layout$/,/^## /p' README.md)
[ -n "$layout" ] || { echo "README.md has no '## Layout' section" >&2; exit 1; }
status=0
for f in src/*.c src/load/*.c collectors/*.c formatters/*.c bench/*.c; do
	name=$(basename "$f")
	if ! printf '%s\n' "$layout" | grep -q "\`$name\`"; then
		echo "README Layout does not name $f" >&2
		status=1
	fi
done
for name in $(printf '%s\n' "$layout" | grep -o '`[a-z0-9_.-]*\.c`' | tr -d '`' | sort -u); do
	found=no
	for dir in src src/load collectors formatters bench; do
		[ -e "$dir/$name" ] && found=yes
	done
	if [ $found = no ]; then
		echo "README Layout names $name, which is not in the tree" >&2
		status=1
	fi
done
exit $status
