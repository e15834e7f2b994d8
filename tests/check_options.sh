#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every option a command takes, as `ipcscope --list-options=CMD` lists it
# from the command's table, is in `ipcscope CMD --help`, in the man page's
# section on the command's options, and in each completion script; and the
# completion scripts keep no list of kinds or formats of their own, which
# they ask the program for.
#
# usage: check_options.sh IPCSCOPE MANPAGE BASH_COMPLETION ZSH_COMPLETION FISH_COMPLETION
# Prints one line per problem and exits 1 if there is any, else 0.

set -u
if (($# != 5)); then
	echo "usage: $0 IPCSCOPE MANPAGE BASH_COMPLETION ZSH_COMPLETION FISH_COMPLETION" >&2
	exit 2
fi
ipcscope=$1 manpage=$2
completions=("$3" "$4" "$5")
problems=0

problem()
{
	echo "check_options: $*"
	problems=$((problems + 1))
}

# Whether $2 is in the text $1 as a word of its own: not part of a longer
# option or name ("--kind" is not in "--kinds").
has_word()
{
	local pattern="(^|[^[:alnum:]_-])$2([^[:alnum:]_-]|\$)"
	[[ $1 =~ $pattern ]]
}

# The man page's "Options of CMD" section as plain text, with the sections
# of the commands it says it takes every option of ("takes every option
# of" and the command on the next line).
man_options_of()
{
	local cmd=$1 text
	text=$(awk -v want="Options of $cmd" '
		/^\.S[HS] / { inside = ($0 == ".SS " want) ; next }
		inside' "$manpage" | sed 's/\\-/-/g')
	printf '%s\n' "$text"
	local more
	more=$(awk '/takes every option of$/ { getline; print $2 }' <<<"$text")
	for other in $more; do
		other=${other%,}
		[[ $other != "$cmd" ]] && man_options_of "$other"
	done
}

# fish names a long option with -l NAME.
texts=()
for file in "${completions[@]}"; do
	texts+=("$(sed -E 's/(^|[[:space:]])-l +([a-z])/\1--\2/g' "$file")")
done

commands=$("$ipcscope" --list-commands) || problem "ipcscope --list-commands failed"
[[ $commands ]] || problem "ipcscope --list-commands listed no command"

for cmd in $commands; do
	options=$("$ipcscope" --list-options="$cmd") || problem "--list-options=$cmd failed"
	[[ $options ]] || problem "--list-options=$cmd listed no option"
	help=$("$ipcscope" "$cmd" --help) || problem "ipcscope $cmd --help failed"
	man=$(man_options_of "$cmd")
	[[ $man ]] || problem "$manpage has no section 'Options of $cmd'"
	for opt in $options; do
		[[ $opt == --[a-z]* ]] || problem "--list-options=$cmd: '$opt' is no long option"
		has_word "$help" "$opt" || problem "$cmd: $opt is not in 'ipcscope $cmd --help'"
		has_word "$man" "$opt" || problem "$cmd: $opt is not in $manpage under 'Options of $cmd'"
		for i in "${!completions[@]}"; do
			has_word "${texts[i]}" "$opt" || problem "$cmd: $opt is not in ${completions[i]}"
		done
	done
done

if "$ipcscope" --list-options=no-such-command >/dev/null 2>&1; then
	problem "--list-options of an unknown command did not fail"
fi

# A list of kinds or formats written into a completion script goes stale
# when the program changes; the scripts ask the program instead.  A kind
# with an underscore is no word of prose, so it is never written; and no
# line names three kinds, or two formats.
kinds=$("$ipcscope" --list-kinds) || problem "ipcscope --list-kinds failed"
formats=$("$ipcscope" --list-formats) || problem "ipcscope --list-formats failed"
[[ $kinds == *_* ]] || problem "no kind with an underscore to look for"
for file in "${completions[@]}"; do
	while IFS= read -r found; do
		problem "$file $found"
	done < <(awk -v kinds="$kinds" -v formats="$formats" '
		function count(line, names,    list, n, i, hits, rest, at, before, after) {
			n = split(names, list, "\n")
			hits = 0
			for (i = 1; i <= n; i++) {
				rest = line
				while ((at = index(rest, list[i])) > 0) {
					before = at > 1 ? substr(rest, at - 1, 1) : ""
					after = substr(rest, at + length(list[i]), 1)
					if (before !~ /[[:alnum:]_-]/ && after !~ /[[:alnum:]_-]/) {
						hits++
						if (list[i] ~ /_/)
							underscored = list[i]
						break
					}
					rest = substr(rest, at + length(list[i]))
				}
			}
			return hits
		}
		{
			underscored = ""
			nkinds = count($0, kinds)
			if (underscored != "")
				print "names the kind " underscored ": " $0
			else if (nkinds >= 3)
				print "lists kinds: " $0
			if (count($0, formats) >= 2)
				print "lists formats: " $0
		}' "$file")
done

if ((problems)); then
	echo "check_options: $problems problem(s)"
	exit 1
fi
echo "check_options: every option of $(wc -w <<<"$commands") commands is in --help, the man page and the completions"
