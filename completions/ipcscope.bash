# SPDX-License-Identifier: GPL-2.0-or-later
# bash completion for ipcscope(1)
#
# The kinds, columns, formats and commands come from the program itself
# (ipcscope --list-kinds, --list-columns, --list-formats, --list-commands),
# so they are always those of the ipcscope being completed.  The options
# are written here, with what each one's argument is; the test
# tests/check_options.sh checks them against ipcscope --list-options.

# Names the program lists, one per line.
#   $1  the command as typed
#   $2  what to ask: --list-kinds=stale, --list-columns, ...
_ipcscope_ask()
{
	local prog=${1/#\~/$HOME}

	type -P -- "$prog" >/dev/null 2>&1 || prog=ipcscope
	"$prog" "$2" 2>/dev/null
}

# Complete the last item of a comma-separated list.
#   $1  the text typed so far (without any option prefix)
#   $2  text to put in front of every candidate (e.g. "--kind=")
#   $3  "i" to match without regard to case (column names), else ""
#   $4... the candidates
# Items already in the list are not offered again.
_ipcscope_comma_list()
{
	local word=$1 lead=$2 icase=$3
	shift 3
	local head='' part=$word c key
	if [[ $word == *,* ]]; then
		head=${word%,*},
		part=${word##*,}
	fi
	COMPREPLY=()
	for c in "$@"; do
		if [[ $icase ]]; then
			[[ ,${head^^} == *,"${c^^}",* ]] && continue
			[[ ${c^^} == "${part^^}"* ]] || continue
			# Answer in the case the user is typing in.
			[[ $part == *[a-z]* ]] && c=${c,,}
		else
			[[ ,$head == *,"$c",* ]] && continue
			[[ $c == "$part"* ]] || continue
		fi
		key=$lead$head$c
		COMPREPLY+=("$key")
	done
}

# Complete KIND[,KIND...] with the kinds the program lists.
#   $1  the text typed so far
#   $2  text to put in front of every candidate
#   $3  the command as typed
#   $4  which kinds: "" for all, "stale" or "load"
_ipcscope_kinds()
{
	local -a kinds
	mapfile -t kinds < <(_ipcscope_ask "$3" "--list-kinds${4:+=$4}")
	_ipcscope_comma_list "$1" "$2" '' "${kinds[@]}"
}

# Complete the argument of an option of list, stale, clean, locks, watch
# or summary.
#   $1  the option (e.g. --kind or -k)
#   $2  the argument typed so far
#   $3  text to put in front of every candidate
#   $4  the command as typed
# $kindset, when the caller sets it, names the kinds --kind offers ("stale").
# Returns 1 when $1 takes no argument.
_ipcscope_list_arg()
{
	local opt=$1 cur=$2 lead=$3 prog=$4 c

	case $opt in
	-k | --kind | --kinds)
		_ipcscope_kinds "$cur" "$lead" "$prog" "${kindset:-}"
		;;
	-F | --format)
		COMPREPLY=()
		while IFS= read -r c; do
			[[ $c == "$cur"* ]] && COMPREPLY+=("$lead$c")
		done < <(_ipcscope_ask "$prog" "--list-formats=${COMP_WORDS[1]}")
		;;
	-o | --output | --sort)
		local plus=''
		if [[ $cur == [+-]* ]]; then
			plus=${cur:0:1}
			cur=${cur#[+-]}
		fi
		local -a cols
		mapfile -t cols < <(_ipcscope_ask "$prog" --list-columns)
		_ipcscope_comma_list "$cur" "$lead$plus" i "${cols[@]}"
		compopt -o nospace 2>/dev/null
		;;
	-Q | --filter)
		# An expression begins with a column; the rest is the user's to write.
		local -a cols
		mapfile -t cols < <(_ipcscope_ask "$prog" --list-columns)
		COMPREPLY=()
		for c in "${cols[@]}"; do
			[[ ${c,,} == "${cur,,}"* ]] && COMPREPLY+=("$lead$c")
		done
		;;
	-u | --user)
		COMPREPLY=()
		while IFS= read -r c; do
			COMPREPLY+=("$lead$c")
		done < <(compgen -u -- "$cur")
		;;
	-w | --width)
		# A number of columns: nothing to offer.
		COMPREPLY=()
		;;
	-p | --pid)
		local -a pids=(/proc/[0-9]*)
		pids=("${pids[@]#/proc/}")
		_ipcscope_comma_list "$cur" "$lead" '' "${pids[@]}"
		;;
	--name)
		# A shell pattern, but most often the path of a socket or FIFO.
		COMPREPLY=()
		while IFS= read -r c; do
			# Behind "--name=" bash quotes nothing itself.
			[[ $lead ]] && printf -v c %q "$c"
			COMPREPLY+=("$lead$c")
		done < <(compgen -f -- "$cur")
		[[ $lead ]] || compopt -o filenames 2>/dev/null
		;;
	--path)
		# An absolute directory (stale and clean).
		COMPREPLY=()
		while IFS= read -r c; do
			[[ $lead ]] && printf -v c %q "$c"
			COMPREPLY+=("$lead$c")
		done < <(compgen -d -- "$cur")
		[[ $lead ]] || compopt -o filenames 2>/dev/null
		;;
	--netns | --ipcns)
		# The namespaces of the processes that can be read, by inode.
		local type=${opt#--}
		COMPREPLY=()
		while IFS= read -r c; do
			[[ $c == "$cur"* ]] && COMPREPLY+=("$lead$c")
		done < <(stat -L -c %i /proc/[0-9]*/ns/"${type%ns}" 2>/dev/null | sort -un)
		;;
	--ns)
		COMPREPLY=()
		[[ self == "$cur"* ]] && COMPREPLY=("${lead}self")
		;;
	--port | --container | --older-than | -i | --interval | -c | --count | --listen | --top)
		# A port, a container (docker:ID, cron.service), a duration (30s,
		# 10m, 1h30m), seconds, a number of intervals or objects, or an
		# ADDR:PORT: nothing worth offering.
		COMPREPLY=()
		;;
	*)
		return 1
		;;
	esac
	return 0
}

# Complete the argument of a `load` option; the arguments are as for
# _ipcscope_list_arg.
_ipcscope_load_arg()
{
	case $1 in
	-k | --kinds | --kind)
		_ipcscope_kinds "$2" "$3" "$4" load
		;;
	-c | --count | --procs | --duration)
		# A number: nothing worth offering.
		COMPREPLY=()
		;;
	*)
		return 1
		;;
	esac
	return 0
}

# Complete the argument of an option of graph: --group's names, nothing for
# --hubs' number, and the selection options as list has them.
_ipcscope_graph_arg()
{
	local c
	case $1 in
	--group)
		COMPREPLY=()
		for c in process command container user; do
			[[ $c == "$2"* ]] && COMPREPLY+=("$3$c")
		done
		;;
	--hubs)
		COMPREPLY=()
		;;
	*)
		_ipcscope_list_arg "$@"
		;;
	esac
}

# Complete an option's argument wherever it is typed: "--opt=value" (which
# bash may split into "--opt" "=" "value"), "-oVALUE", or the word after the
# option.
#   $1  the function that completes an option's argument: it takes the
#       option, the text typed, the text to put in front of every candidate
#       and the command as typed, and returns 1 for an option without one
#   $2  the short options that take an argument, as a bracket set ("kpu")
#   $3  the command as typed
#   $4  the word being completed
#   $5  the word before it
# Returns 0 when the word was an option's argument (COMPREPLY is set).
_ipcscope_option_arg()
{
	local complete=$1 shorts=$2 prog=$3 cur=$4 prev=$5

	if [[ $cur == = && $prev == --* ]]; then
		"$complete" "$prev" '' '' "$prog" && return 0
	fi
	if [[ $prev == = && $COMP_CWORD -ge 3 && ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
		"$complete" "${COMP_WORDS[COMP_CWORD - 2]}" "$cur" '' "$prog" && return 0
	fi
	if [[ $cur == --*=* ]]; then
		"$complete" "${cur%%=*}" "${cur#*=}" "${cur%%=*}=" "$prog" && return 0
		COMPREPLY=()
		return 0
	fi
	if [[ $shorts && $cur == -[$shorts]?* ]]; then
		"$complete" "${cur:0:2}" "${cur:2}" "${cur:0:2}" "$prog" && return 0
	fi
	"$complete" "$prev" "$cur" '' "$prog"
}

# Complete the words of a command that takes options and KIND arguments.
#   $1  the function that completes its options' arguments
#   $2  its short options that take an argument, as a bracket set
#   $3  its options
#   $4  which kinds KIND arguments and --kind offer: "" for all, "stale"
#   $5  the command as typed
#   $6  the word being completed
#   $7  the word before it
_ipcscope_options_and_kinds()
{
	local complete=$1 shorts=$2 options=$3 kindset=$4 prog=$5 cur=$6 prev=$7 i

	# After "--" every word is a KIND.
	for ((i = 2; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			_ipcscope_kinds "$cur" '' "$prog" "$kindset"
			return
		fi
	done
	_ipcscope_option_arg "$complete" "$shorts" "$prog" "$cur" "$prev" && return
	if [[ $cur == -* ]]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
		return
	fi
	_ipcscope_kinds "$cur" '' "$prog" "$kindset"
}

# The options of list, which locks without --deadlocks, stale and clean
# take too.
_ipcscope_list_options='--kind --pid --user --name --port --netns --ipcns
	--container --ns --filter --json --ndjson
	--format --output --sort --noheadings --raw --notruncate --width --list-columns --bytes --quiet --help
	-k -p -u -Q -J -F -o -n -r -w -H -q -h'

# Complete the words of `ipcscope locks`.  With --deadlocks it takes only
# --json and --help; without it, the options of list, and --deadlocks while
# no other option than --json has been given.
_ipcscope_locks()
{
	local prog=$1 cur=$2 prev=$3 i deadlocks='' others=''

	for ((i = 2; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-d | --deadlocks) deadlocks=1 ;;
		-J | --json | -q | --quiet) ;;
		*) others=1 ;;
		esac
	done
	if [[ $deadlocks ]]; then
		if [[ $cur == -* ]]; then
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W '--json --quiet --help -J -q -h' -- "$cur"))
		fi
		return
	fi
	local options=$_ipcscope_list_options
	[[ $others ]] || options+=' --deadlocks -d'
	_ipcscope_option_arg _ipcscope_list_arg kpuQFo "$prog" "$cur" "$prev" && return
	if [[ $cur == -* ]]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
	fi
}

# Complete the words of `ipcscope load`, which takes options only.
_ipcscope_load()
{
	local prog=$1 cur=$2 prev=$3

	_ipcscope_option_arg _ipcscope_load_arg kc "$prog" "$cur" "$prev" && return
	if [[ $cur == -* ]]; then
		# --kinds is the same as --kind, and is not offered.
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W '--kind --count --procs --duration --stale --json --help
			-k -c -J -h' -- "$cur"))
	fi
}

_ipcscope()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=''
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${1:-${COMP_WORDS[0]}}

	COMPREPLY=()
	if ((COMP_CWORD == 1)); then
		if [[ $cur == -* ]]; then
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W '--help --version -h -V' -- "$cur"))
		else
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W "$(_ipcscope_ask "$prog" --list-commands)" -- "$cur"))
		fi
		return
	fi

	case ${COMP_WORDS[1]} in
	list)
		_ipcscope_options_and_kinds _ipcscope_list_arg kpuQFo \
			"$_ipcscope_list_options --stale" '' "$prog" "$cur" "$prev"
		;;
	locks)
		_ipcscope_locks "$prog" "$cur" "$prev"
		;;
	watch)
		_ipcscope_options_and_kinds _ipcscope_list_arg ickpuQ \
			'--interval --count --initial --ndjson --kind --pid --user --name --port
			--netns --ipcns --container --ns --filter --quiet --help -i -c -k -p -u -Q -q -h' '' "$prog" "$cur" "$prev"
		;;
	summary)
		_ipcscope_options_and_kinds _ipcscope_list_arg kQF \
			'--kind --netns --ipcns --container --ns --filter --json --format --bytes --quiet --help
			-k -Q -J -F -q -h' '' "$prog" "$cur" "$prev"
		;;
	serve)
		_ipcscope_options_and_kinds _ipcscope_list_arg kQ \
			'--listen --interval --top --user --kind --netns --ipcns --container --ns --filter
			--quiet --help -k -Q -q -h' '' "$prog" "$cur" "$prev"
		;;
	load)
		_ipcscope_load "$prog" "$cur" "$prev"
		;;
	graph)
		_ipcscope_options_and_kinds _ipcscope_graph_arg kpuQF \
			'--kind --pid --user --name --port --netns --ipcns --container --ns --filter
			--format --group --hubs --quiet --help -k -p -u -Q -F -q -h' '' "$prog" "$cur" "$prev"
		;;
	help)
		# One command name; --help for help itself.
		if [[ $cur == -* ]]; then
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W '--help -h' -- "$cur"))
		elif ((COMP_CWORD == 2)); then
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W "$(_ipcscope_ask "$prog" --list-commands)" -- "$cur"))
		fi
		;;
	stale)
		_ipcscope_options_and_kinds _ipcscope_list_arg kpuQFo \
			"$_ipcscope_list_options --older-than --path" stale "$prog" "$cur" "$prev"
		;;
	clean)
		_ipcscope_options_and_kinds _ipcscope_list_arg kpuQFo \
			"$_ipcscope_list_options --older-than --path --yes --dry-run
			--ignore-unreadable -y" stale "$prog" "$cur" "$prev"
		;;
	esac
}

complete -F _ipcscope ipcscope
