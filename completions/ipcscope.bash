# bash completion for ipcscope(1)

# The kinds `ipcscope list` accepts.  There is no option that prints them,
# so they are listed here: keep this in step with the kind table in
# src/kinds.c.
_ipcscope_kinds='pipe fifo unix tcp udp raw sysv_shm sysv_msg sysv_sem posix_shm
	posix_sem posix_mq memfd lock'

# The kinds `ipcscope load` makes: those of `list` but raw and memfd
# (src/load/factories.c).
_ipcscope_load_kinds='pipe fifo unix tcp udp sysv_shm sysv_msg sysv_sem
	posix_shm posix_sem posix_mq lock'

# The kinds `ipcscope stale` and `ipcscope clean` look at by default: those
# that can have stale objects (a remove hook in their kind).  Others may be
# named, but are never stale.
_ipcscope_stale_kinds='fifo unix sysv_shm sysv_msg sysv_sem posix_shm posix_sem
	posix_mq'

# The output formats of -F/--format (src/formatters.c).
_ipcscope_formats='table json ndjson'

# The column names, read from the program itself.  $1: the command as typed.
_ipcscope_columns()
{
	local prog=${1/#\~/$HOME}

	type -P -- "$prog" >/dev/null 2>&1 || prog=ipcscope
	"$prog" list --list-columns 2>/dev/null | while read -r name _; do
		[[ $name ]] && printf '%s\n' "$name"
	done
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

# Complete the argument of a `list` option.
#   $1  the option (e.g. --kind or -k)
#   $2  the argument typed so far
#   $3  text to put in front of every candidate
#   $4  the command as typed
# Returns 1 when $1 takes no argument.
_ipcscope_list_arg()
{
	local opt=$1 cur=$2 lead=$3 prog=$4 c

	case $opt in
	-k | --kind)
		# The kinds of the command being completed ($kindwords of
		# _ipcscope_list), else all.
		# shellcheck disable=SC2086
		_ipcscope_comma_list "$cur" "$lead" '' ${kindwords:-$_ipcscope_kinds}
		;;
	-F | --format)
		COMPREPLY=()
		for c in $_ipcscope_formats; do
			[[ $c == "$cur"* ]] && COMPREPLY+=("$lead$c")
		done
		;;
	-o | --output)
		local plus=''
		if [[ $cur == +* ]]; then
			plus=+
			cur=${cur#+}
		fi
		local -a cols
		mapfile -t cols < <(_ipcscope_columns "$prog")
		_ipcscope_comma_list "$cur" "$lead$plus" i "${cols[@]}"
		compopt -o nospace 2>/dev/null
		;;
	-u | --user)
		COMPREPLY=()
		while IFS= read -r c; do
			COMPREPLY+=("$lead$c")
		done < <(compgen -u -- "$cur")
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
	--port)
		# Any number from 0 to 65535: nothing worth offering.
		COMPREPLY=()
		;;
	--older-than)
		# A duration such as 30s, 10m, 2h, 7d or 1h30m: nothing to offer.
		COMPREPLY=()
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
	*)
		return 1
		;;
	esac
	return 0
}

# Complete the words of `ipcscope list`, of `ipcscope locks` without
# --deadlocks, and of `ipcscope stale` and `ipcscope clean`.
#   $1  the command as typed
#   $2  the word being completed
#   $3  the word before it
#   $4  more options to offer (for locks: "--deadlocks -d"; for list:
#       "--stale"; for stale and clean, their own)
#   $5  "kinds" to offer KIND arguments (list), "stale" to offer the kinds
#       that can be stale, for KIND arguments and --kind (stale, clean),
#       else ""
_ipcscope_list()
{
	local prog=$1 cur=$2 prev=$3 more=$4 kinds=$5 i
	local kindwords=$_ipcscope_kinds
	[[ $kinds == stale ]] && kindwords=$_ipcscope_stale_kinds

	local long='--kind --pid --user --name --port --json --ndjson --format
		--output --noheadings --raw --list-columns --help'
	local short='-k -p -u -J -F -o -n -r -H -h'

	# After "--" every word is a KIND.
	for ((i = 2; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			# shellcheck disable=SC2086
			[[ $kinds ]] && _ipcscope_comma_list "$cur" '' '' $kindwords
			return
		fi
	done

	# "--opt=value": bash may split this into "--opt" "=" "value".
	if [[ $cur == = && $prev == --* ]]; then
		_ipcscope_list_arg "$prev" '' '' "$prog" && return
	fi
	if [[ $prev == = && $COMP_CWORD -ge 3 && ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
		_ipcscope_list_arg "${COMP_WORDS[COMP_CWORD - 2]}" "$cur" '' "$prog" && return
	fi
	# ... or keep it as one word.
	if [[ $cur == --*=* ]]; then
		_ipcscope_list_arg "${cur%%=*}" "${cur#*=}" "${cur%%=*}=" "$prog" && return
		COMPREPLY=()
		return
	fi
	# "-kpipe": a short option with its argument attached.
	if [[ $cur == -[kpuFo]?* ]]; then
		_ipcscope_list_arg "${cur:0:2}" "${cur:2}" "${cur:0:2}" "$prog" && return
	fi
	# The argument of the previous word.
	if _ipcscope_list_arg "$prev" "$cur" '' "$prog"; then
		return
	fi

	if [[ $cur == -* ]]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$long $short $more" -- "$cur"))
		return
	fi
	# shellcheck disable=SC2086
	[[ $kinds ]] && _ipcscope_comma_list "$cur" '' '' $kindwords
}

# Complete the words of `ipcscope locks`.  With --deadlocks it takes only
# --json and --help; without it, the options of list, and --deadlocks while
# no other option than --json has been given.
_ipcscope_locks()
{
	local prog=$1 cur=$2 prev=$3 i deadlocks='' others=''

	for ((i = 2; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-d | --deadlocks) deadlocks=1 ;;
		-J | --json) ;;
		*) others=1 ;;
		esac
	done
	if [[ $deadlocks ]]; then
		if [[ $cur == -* ]]; then
			# shellcheck disable=SC2207
			COMPREPLY=($(compgen -W '--json --help -J -h' -- "$cur"))
		fi
		return
	fi
	if [[ $others ]]; then
		_ipcscope_list "$prog" "$cur" "$prev" '' ''
	else
		_ipcscope_list "$prog" "$cur" "$prev" '--deadlocks -d' ''
	fi
}

# Complete the argument of a `load` option.
#   $1  the option (e.g. --kinds or -k)
#   $2  the argument typed so far
#   $3  text to put in front of every candidate
# Returns 1 when $1 takes no argument.
_ipcscope_load_arg()
{
	local opt=$1 cur=$2 lead=$3

	case $opt in
	-k | --kinds | --kind)
		# shellcheck disable=SC2086
		_ipcscope_comma_list "$cur" "$lead" '' $_ipcscope_load_kinds
		;;
	-n | --count | -P | --procs | -d | --duration)
		# A number: nothing worth offering.
		COMPREPLY=()
		;;
	*)
		return 1
		;;
	esac
	return 0
}

# Complete the words of `ipcscope load`, which takes options only.
#   $1  the word being completed
#   $2  the word before it
_ipcscope_load()
{
	local cur=$1 prev=$2

	# --kind is the same as --kinds, and is not offered.
	local long='--kinds --count --procs --duration --stale --json --help'
	local short='-k -n -P -d -J -h'

	# "--opt=value": bash may split this into "--opt" "=" "value".
	if [[ $cur == = && $prev == --* ]]; then
		_ipcscope_load_arg "$prev" '' '' && return
	fi
	if [[ $prev == = && $COMP_CWORD -ge 3 && ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
		_ipcscope_load_arg "${COMP_WORDS[COMP_CWORD - 2]}" "$cur" '' && return
	fi
	# ... or keep it as one word.
	if [[ $cur == --*=* ]]; then
		_ipcscope_load_arg "${cur%%=*}" "${cur#*=}" "${cur%%=*}=" && return
		COMPREPLY=()
		return
	fi
	# "-kpipe": a short option with its argument attached.
	if [[ $cur == -[knPd]?* ]]; then
		_ipcscope_load_arg "${cur:0:2}" "${cur:2}" "${cur:0:2}" && return
	fi
	# The argument of the previous word.
	if _ipcscope_load_arg "$prev" "$cur" ''; then
		return
	fi

	if [[ $cur == -* ]]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$long $short" -- "$cur"))
	fi
}

# The output formats of `ipcscope summary --format`: those with a summary hook (src/formatters.c).
_ipcscope_summary_formats='table json prometheus'

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

# Complete the argument of a `watch` option; the selection options are those of list.
_ipcscope_watch_arg()
{
	case $1 in
	-i | --interval | -c | --count)
		# A number: nothing worth offering.
		COMPREPLY=()
		;;
	-k | --kind | -p | --pid | -u | --user | --name | --port)
		_ipcscope_list_arg "$@"
		;;
	*)
		return 1
		;;
	esac
	return 0
}

# Complete the argument of a `summary` option.
_ipcscope_summary_arg()
{
	local c

	case $1 in
	-k | --kind)
		_ipcscope_list_arg "$@"
		;;
	-F | --format)
		COMPREPLY=()
		for c in $_ipcscope_summary_formats; do
			[[ $c == "$2"* ]] && COMPREPLY+=("$3$c")
		done
		;;
	*)
		return 1
		;;
	esac
	return 0
}

# Complete the words of a command that takes options and KIND arguments
# (watch, summary).
#   $1  the function that completes its options' arguments
#   $2  its short options that take an argument, as a bracket set
#   $3  its options
#   $4  the command as typed
#   $5  the word being completed
#   $6  the word before it
_ipcscope_options_and_kinds()
{
	local complete=$1 shorts=$2 options=$3 prog=$4 cur=$5 prev=$6

	_ipcscope_option_arg "$complete" "$shorts" "$prog" "$cur" "$prev" && return
	if [[ $cur == -* ]]; then
		# shellcheck disable=SC2207
		COMPREPLY=($(compgen -W "$options" -- "$cur"))
		return
	fi
	# shellcheck disable=SC2086
	_ipcscope_comma_list "$cur" '' '' $_ipcscope_kinds
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
			COMPREPLY=($(compgen -W 'list locks load stale clean watch summary' -- "$cur"))
		fi
		return
	fi

	case ${COMP_WORDS[1]} in
	list)
		_ipcscope_list "$prog" "$cur" "$prev" '--stale' kinds
		;;
	locks)
		_ipcscope_locks "$prog" "$cur" "$prev"
		;;
	watch)
		_ipcscope_options_and_kinds _ipcscope_watch_arg ickpu \
			'--interval --count --initial --ndjson --kind --pid --user --name --port
			--help -i -c -k -p -u -h' "$prog" "$cur" "$prev"
		;;
	summary)
		_ipcscope_options_and_kinds _ipcscope_summary_arg kF \
			'--kind --json --format --help -k -J -F -h' "$prog" "$cur" "$prev"
		;;
	load)
		_ipcscope_load "$cur" "$prev"
		;;
	stale)
		_ipcscope_list "$prog" "$cur" "$prev" '--older-than --path' stale
		;;
	clean)
		_ipcscope_list "$prog" "$cur" "$prev" \
			'--older-than --path --yes --dry-run --ignore-unreadable -y' stale
		;;
	esac
}

complete -F _ipcscope ipcscope
