#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check_options.sh must fail when an option is missing from --help, the man
# page or a completion script, or when a completion script lists kinds of
# its own: it is run here on copies with one such fault each.
#
# usage: check_options_catches.sh IPCSCOPE SOURCE_DIR

set -u
ipcscope=$1 src=$2
check=$src/tests/check_options.sh
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
failures=0

man=$src/man/ipcscope.1
bash_file=$src/completions/ipcscope.bash
zsh_file=$src/completions/_ipcscope
fish_file=$src/completions/ipcscope.fish

# $1: what is wrong; $2: what the message must name; the rest: the arguments of check_options.sh.
expect_caught()
{
	local what=$1 needle=$2 out
	shift 2
	if out=$("$check" "$@" 2>&1); then
		echo "not caught: $what"
		failures=$((failures + 1))
	elif ! grep -qF -- "$needle" <<<"$out"; then
		echo "caught, but without '$needle': $what"
		printf '%s\n' "$out"
		failures=$((failures + 1))
	fi
}

grep -v -- '-l noheadings' "$fish_file" >"$work/no-noheadings.fish"
expect_caught "--noheadings missing from the fish completion" "--noheadings is not in" \
	"$ipcscope" "$man" "$bash_file" "$zsh_file" "$work/no-noheadings.fish"

grep -v -- "--initial\[" "$zsh_file" >"$work/no-initial.zsh"
expect_caught "--initial missing from the zsh completion" "--initial is not in" \
	"$ipcscope" "$man" "$bash_file" "$work/no-initial.zsh" "$fish_file"

sed 's/--dry-run//g' "$bash_file" >"$work/no-dry-run.bash"
expect_caught "--dry-run missing from the bash completion" "--dry-run is not in" \
	"$ipcscope" "$man" "$work/no-dry-run.bash" "$zsh_file" "$fish_file"

sed 's/\\-\\-ignore\\-unreadable/\\-\\-ignore/g' "$man" >"$work/no-ignore-unreadable.1"
expect_caught "--ignore-unreadable missing from the man page" "--ignore-unreadable is not in" \
	"$ipcscope" "$work/no-ignore-unreadable.1" "$bash_file" "$zsh_file" "$fish_file"

# A program whose watch --help lacks --count.
cat >"$work/ipcscope" <<EOF
#!/bin/bash
if [[ \$1 == watch && \$2 == --help ]]; then
	"$ipcscope" "\$@" | grep -v -- --count
	exit 0
fi
exec "$ipcscope" "\$@"
EOF
chmod +x "$work/ipcscope"
expect_caught "--count missing from watch --help" "--count is not in 'ipcscope watch --help'" \
	"$work/ipcscope" "$man" "$bash_file" "$zsh_file" "$fish_file"

{ cat "$bash_file"; echo "_ipcscope_kinds='pipe fifo unix tcp'"; } >"$work/kinds.bash"
expect_caught "a list of kinds in the bash completion" "lists kinds" \
	"$ipcscope" "$man" "$work/kinds.bash" "$zsh_file" "$fish_file"

{ cat "$zsh_file"; echo "  'posix_mq:POSIX message queues'"; } >"$work/kinds.zsh"
expect_caught "a kind written into the zsh completion" "names the kind posix_mq" \
	"$ipcscope" "$man" "$bash_file" "$work/kinds.zsh" "$fish_file"

{ cat "$fish_file"; echo "complete -c ipcscope -s F -a 'table json prometheus'"; } >"$work/formats.fish"
expect_caught "a list of formats in the fish completion" "lists formats" \
	"$ipcscope" "$man" "$bash_file" "$zsh_file" "$work/formats.fish"

if ((failures)); then
	echo "check_options_catches: $failures fault(s) not caught"
	exit 1
fi
echo "check_options_catches: every fault caught"
