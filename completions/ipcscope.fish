# SPDX-License-Identifier: GPL-2.0-or-later
# fish completion for ipcscope(1)

# The kinds, columns and formats come from the program itself (ipcscope
# --list-kinds, --list-formats; list --list-columns with their help), so
# they are always those of the ipcscope being completed.  The options are
# written here; tests/check_options.sh checks them against ipcscope
# --list-options.

# What the ipcscope being completed prints for $argv: --list-kinds=stale, ...
function __ipcscope_ask
    set -l prog (commandline -opc)[1]
    command -q -- $prog; or set prog ipcscope
    command $prog $argv 2>/dev/null
end

# True when the command word is still to come.
function __ipcscope_needs_command
    set -l tokens (commandline -opc)
    test (count $tokens) -eq 1
end

# True when completing the words of `ipcscope list`.
function __ipcscope_using_list
    set -l tokens (commandline -opc)
    test (count $tokens) -ge 2; and test "$tokens[2]" = list
end

# True when completing the words of `ipcscope stale`, or with an argument
# of `ipcscope clean` or of one of the two (stale-or-clean).
function __ipcscope_using_stale
    set -l tokens (commandline -opc)
    test (count $tokens) -ge 2; or return 1
    switch "$argv[1]"
        case clean
            test "$tokens[2]" = clean
        case stale-or-clean
            contains -- "$tokens[2]" stale clean
        case '*'
            test "$tokens[2]" = stale
    end
end

# True when completing the words of `ipcscope load`.
function __ipcscope_using_load
    set -l tokens (commandline -opc)
    test (count $tokens) -ge 2; and test "$tokens[2]" = load
end

# True when completing the words of `ipcscope locks`; with an argument,
# only when --deadlocks has (deadlocks) or has not (list) been given, or
# when it may still be (may-deadlock: no option but --json given yet).
function __ipcscope_using_locks
    set -l tokens (commandline -opc)
    test (count $tokens) -ge 2; and test "$tokens[2]" = locks; or return 1
    set -l deadlocks 0
    set -l others 0
    for tok in $tokens[3..-1]
        switch $tok
            case -d --deadlocks
                set deadlocks 1
            case -J --json -q --quiet
            case '*'
                set others 1
        end
    end
    switch "$argv[1]"
        case deadlocks
            test $deadlocks = 1
        case list
            test $deadlocks = 0
        case may-deadlock
            test $deadlocks = 0; and test $others = 0
        case '*'
            true
    end
end

# True where the options of `ipcscope list` apply: list, locks without
# --deadlocks, stale and clean.
function __ipcscope_list_options
    __ipcscope_using_list; or __ipcscope_using_locks list; or __ipcscope_using_stale stale-or-clean
end

# True where --kind takes every kind: list, and locks without --deadlocks.
function __ipcscope_all_kinds
    __ipcscope_using_list; or __ipcscope_using_locks list
end

# The columns as `ipcscope list --list-columns` prints them, as NAME<tab>HELP.
function __ipcscope_columns
    __ipcscope_ask list --list-columns | string replace -r '^(\S+)\s+' '$1\t'
end

# Every process in /proc, as PID<tab>COMMAND.
function __ipcscope_pids
    for dir in /proc/*
        set -l pid (string replace /proc/ '' -- $dir)
        string match -qr '^\d+$' -- $pid; or continue
        set -l comm
        read -l comm <$dir/comm 2>/dev/null
        printf '%s\t%s\n' $pid "$comm"
    end
end

# The inodes of the $argv[1] (net or ipc) namespaces of the processes that can be read.
function __ipcscope_namespaces
    stat -L -c %i /proc/*/ns/$argv[1] 2>/dev/null | sort -un
end

# --netns, --ipcns, --container, --ns and -Q/--filter where the condition $argv[1] holds,
# described with the verb $argv[2] (List, Watch, Count).
function __ipcscope_namespace_options
    set -l when $argv[1]
    set -l verb $argv[2]
    complete -c ipcscope -n $when -l netns -x -a '(__ipcscope_namespaces net)' \
        -d "$verb only sockets of this network namespace"
    complete -c ipcscope -n $when -l ipcns -x -a '(__ipcscope_namespaces ipc)' \
        -d "$verb only SysV objects and POSIX queues of this IPC namespace"
    complete -c ipcscope -n $when -l container -x \
        -d "$verb only objects a process in this container or service holds"
    complete -c ipcscope -n $when -l ns -x -a self -d "$verb only what ipcscope's own namespaces hold"
    complete -c ipcscope -n $when -s Q -l filter -x -a '(__ipcscope_columns)' \
        -d "$verb only objects a filter expression is true of"
end

# Complete the last item of a comma-separated list.  $argv[1] is kinds,
# columns or pids; columns may start with "+".  fish hands over the whole
# token, "--kind=pipe,f" or "-kpipe,f" included, but puts the option back
# itself, so only the part after it is considered here.
function __ipcscope_list_items
    set -l what $argv[1]
    set -l tok (commandline -ct)
    if string match -qr -- '^--[^=]+=' $tok
        set tok (string replace -r -- '^--[^=]+=' '' $tok)
    else if string match -qr -- '^-[kpo]' $tok
        set tok (string sub -s 3 -- $tok)
    end

    set -l lead ''
    if test $what = columns; and string match -q -- '+*' $tok
        set lead +
        set tok (string sub -s 2 -- $tok)
    end
    set -l given
    if string match -q -- '*,*' $tok
        set lead $lead(string replace -r -- '[^,]*$' '' $tok)
        set given (string split , -- (string lower -- $lead | string trim -c +))
    end

    set -l items
    switch $what
        case kinds
            set items (__ipcscope_ask --list-kinds)
        case load_kinds
            set items (__ipcscope_ask --list-kinds=load)
        case stale_kinds
            set items (__ipcscope_ask --list-kinds=stale)
        case columns
            set items (__ipcscope_columns)
        case pids
            set items (__ipcscope_pids)
    end
    for item in $items
        set -l name (string split -m1 \t -- $item)[1]
        contains -- (string lower -- $name) $given; and continue
        printf '%s%s\n' $lead $item
    end
end

complete -c ipcscope -f

# True when completing the words of `ipcscope CMD`, CMD being $argv[1].
function __ipcscope_using
    set -l tokens (commandline -opc)
    test (count $tokens) -ge 2; and test "$tokens[2]" = $argv[1]
end

# ipcscope watch [options] [KIND...]
complete -c ipcscope -n __ipcscope_needs_command -a watch \
    -d 'Print IPC objects created, removed or changed, every interval'
complete -c ipcscope -n '__ipcscope_using watch' -s i -l interval -x \
    -d 'Seconds between snapshots (default 1; fractions allowed)'
complete -c ipcscope -n '__ipcscope_using watch' -s c -l count -x -d 'End after N intervals'
complete -c ipcscope -n '__ipcscope_using watch' -l initial \
    -d 'Report the objects of the first snapshot as created'
complete -c ipcscope -n '__ipcscope_using watch' -l ndjson -d 'Print one JSON object per event'
complete -c ipcscope -n '__ipcscope_using watch' -s k -l kind -x -a '(__ipcscope_list_items kinds)' \
    -d 'Watch only objects of these kinds'
complete -c ipcscope -n '__ipcscope_using watch' -s p -l pid -x -a '(__ipcscope_list_items pids)' \
    -d 'Watch only objects one of these processes holds'
complete -c ipcscope -n '__ipcscope_using watch' -s u -l user -x -a '(__fish_complete_users)' \
    -d 'Watch only objects USER owns or a process of USER holds'
complete -c ipcscope -n '__ipcscope_using watch' -l name -r -F \
    -d 'Watch only objects whose name or path matches a shell pattern'
complete -c ipcscope -n '__ipcscope_using watch' -l port -x \
    -d 'Watch only sockets with one of these local or remote ports'
__ipcscope_namespace_options '__ipcscope_using watch' Watch
complete -c ipcscope -n '__ipcscope_using watch' -s q -l quiet -d 'No warnings on stderr'
complete -c ipcscope -n '__ipcscope_using watch' -s h -l help -d 'Show the options of watch and exit'
complete -c ipcscope -n '__ipcscope_using watch' -a '(__ipcscope_list_items kinds)'

# ipcscope summary [options] [KIND...]
complete -c ipcscope -n __ipcscope_needs_command -a summary \
    -d "Count objects per kind and show their use of the kernel's limits"
complete -c ipcscope -n '__ipcscope_using summary' -s k -l kind -x -a '(__ipcscope_list_items kinds)' \
    -d 'Count only objects of these kinds, and their limits'
__ipcscope_namespace_options '__ipcscope_using summary' Count
complete -c ipcscope -n '__ipcscope_using summary' -s J -l json -d 'Print one JSON document'
complete -c ipcscope -n '__ipcscope_using summary' -s F -l format -x \
    -a '(__ipcscope_ask --list-formats=summary)' -d 'Choose the output format'
complete -c ipcscope -n '__ipcscope_using summary' -l bytes -d 'BYTES as exact numbers, not 64K'
complete -c ipcscope -n '__ipcscope_using summary' -s q -l quiet -d 'No warnings on stderr'
complete -c ipcscope -n '__ipcscope_using summary' -s h -l help -d 'Show the options of summary and exit'
complete -c ipcscope -n '__ipcscope_using summary' -a '(__ipcscope_list_items kinds)'

# ipcscope serve [options] [KIND...]
complete -c ipcscope -n __ipcscope_needs_command -a serve \
    -d 'Export the summary, stale objects and deadlocks to Prometheus over HTTP'
complete -c ipcscope -n '__ipcscope_using serve' -l listen -x -a '127.0.0.1:9877 0.0.0.0:9877 [::]:9877' \
    -d 'Address and port to answer on'
complete -c ipcscope -n '__ipcscope_using serve' -l interval -x -d 'Seconds between refreshes'
complete -c ipcscope -n '__ipcscope_using serve' -l top -x -d 'Queues with a series of their own'
complete -c ipcscope -n '__ipcscope_using serve' -l user -x -a '(__fish_complete_users)' \
    -d 'Run as this user once listening'
complete -c ipcscope -n '__ipcscope_using serve' -s k -l kind -x -a '(__ipcscope_list_items kinds)' \
    -d 'Export only objects of these kinds, and their limits'
__ipcscope_namespace_options '__ipcscope_using serve' Export
complete -c ipcscope -n '__ipcscope_using serve' -s q -l quiet -d 'No warnings on stderr'
complete -c ipcscope -n '__ipcscope_using serve' -s h -l help -d 'Show the options of serve and exit'
complete -c ipcscope -n '__ipcscope_using serve' -a '(__ipcscope_list_items kinds)'

# ipcscope [--help | --version] COMMAND
complete -c ipcscope -n __ipcscope_needs_command -s h -l help -d 'Show usage and exit'
complete -c ipcscope -n __ipcscope_needs_command -s V -l version -d 'Show the version and exit'
complete -c ipcscope -n __ipcscope_needs_command -a list -d 'List IPC objects and who holds them'
complete -c ipcscope -n __ipcscope_needs_command -a locks \
    -d 'List file locks, or find deadlocks among them (--deadlocks)'
complete -c ipcscope -n __ipcscope_needs_command -a load \
    -d 'Make real IPC objects of every kind and hold them, for trying and testing'
complete -c ipcscope -n __ipcscope_needs_command -a stale \
    -d 'List objects nothing uses any more, with the reason'
complete -c ipcscope -n __ipcscope_needs_command -a clean \
    -d 'Remove stale objects, checking each once more first'
complete -c ipcscope -n __ipcscope_needs_command -a help \
    -d 'Print the usage of ipcscope, or of one command'

# ipcscope help [COMMAND]
complete -c ipcscope -n '__ipcscope_using help' -x -a '(__ipcscope_ask --list-commands)'
complete -c ipcscope -n '__ipcscope_using help' -s h -l help -d 'Show the usage of help and exit'

# ipcscope list [options] [KIND...]; the options also apply to
# ipcscope locks without --deadlocks, and to stale and clean
complete -c ipcscope -n __ipcscope_all_kinds -s k -l kind -x -a '(__ipcscope_list_items kinds)' \
    -d 'List only objects of these kinds'
complete -c ipcscope -n '__ipcscope_using_stale stale-or-clean' -s k -l kind -x \
    -a '(__ipcscope_list_items stale_kinds)' -d 'List only objects of these kinds'
complete -c ipcscope -n __ipcscope_list_options -s p -l pid -x -a '(__ipcscope_list_items pids)' \
    -d 'List only objects one of these processes holds'
complete -c ipcscope -n __ipcscope_list_options -s u -l user -x -a '(__fish_complete_users)' \
    -d 'List only objects USER owns or a process of USER holds'
complete -c ipcscope -n __ipcscope_list_options -l name -r -F \
    -d 'List only objects whose name or path matches a shell pattern'
complete -c ipcscope -n __ipcscope_list_options -l port -x \
    -d 'List only sockets with one of these local or remote ports'
__ipcscope_namespace_options __ipcscope_list_options List
complete -c ipcscope -n __ipcscope_list_options -s J -l json -d 'Print one JSON document'
complete -c ipcscope -n __ipcscope_list_options -l ndjson -d 'Print one JSON object per line'
complete -c ipcscope -n __ipcscope_list_options -s F -l format -x \
    -a '(__ipcscope_ask --list-formats=list)' -d 'Choose the output format'
complete -c ipcscope -n __ipcscope_list_options -s o -l output -x -a '(__ipcscope_list_items columns)' \
    -d 'Choose the table columns (+COLS adds to the defaults)'
complete -c ipcscope -n __ipcscope_list_options -l sort -x -a '(__ipcscope_list_items columns)' \
    -d 'Sort by these columns (-COL or COL:desc descending)'
complete -c ipcscope -n __ipcscope_list_options -s n -l noheadings -d 'Do not print the table heading'
complete -c ipcscope -n __ipcscope_list_options -s r -l raw -d 'Print the table unaligned'
complete -c ipcscope -n __ipcscope_list_options -l notruncate -d 'Cut no column to fit the terminal'
complete -c ipcscope -n __ipcscope_list_options -s w -l width -x -d 'Lay the table out for N columns'
complete -c ipcscope -n __ipcscope_list_options -s H -l list-columns -d 'List the table columns and exit'
complete -c ipcscope -n __ipcscope_list_options -l bytes -d 'Sizes in tables as exact bytes, not 64K, 1.5M'
complete -c ipcscope -n __ipcscope_list_options -s q -l quiet -d 'No warnings on stderr'
complete -c ipcscope -n __ipcscope_using_list -l stale \
    -d 'Judge every object: STALE column, "stale" in JSON, unused FIFOs and socket files'
complete -c ipcscope -n __ipcscope_using_list -s h -l help -d 'Show the options of list and exit'
complete -c ipcscope -n __ipcscope_using_list -a '(__ipcscope_list_items kinds)'

# ipcscope stale [options] [KIND...]
# ipcscope clean [options] [KIND...]: those of stale, and --yes and --dry-run
complete -c ipcscope -n '__ipcscope_using_stale stale-or-clean' -l older-than -x \
    -d 'Only objects whose last activity is at least this long ago (30s, 10m, 2h, 7d, 1h30m)'
complete -c ipcscope -n '__ipcscope_using_stale stale-or-clean' -l path -x -a '(__fish_complete_directories)' \
    -d 'Look for unused FIFOs and socket files under this directory'
complete -c ipcscope -n '__ipcscope_using_stale stale-or-clean' -a '(__ipcscope_list_items stale_kinds)'
complete -c ipcscope -n __ipcscope_using_stale -s h -l help -d 'Show the options of stale and exit'
complete -c ipcscope -n '__ipcscope_using_stale clean' -s y -l yes \
    -d 'Remove without asking (needed when not on a terminal)'
complete -c ipcscope -n '__ipcscope_using_stale clean' -l dry-run -d 'Show what would be removed, remove nothing'
complete -c ipcscope -n '__ipcscope_using_stale clean' -l ignore-unreadable \
    -d 'Remove POSIX objects and FIFOs even when a process that could hold them was unreadable'
complete -c ipcscope -n '__ipcscope_using_stale clean' -s h -l help -d 'Show the options of clean and exit'

# ipcscope locks [list options]
# ipcscope locks --deadlocks [--json]
complete -c ipcscope -n '__ipcscope_using_locks may-deadlock' -s d -l deadlocks \
    -d 'Look for deadlocks instead of listing the locks'
complete -c ipcscope -n '__ipcscope_using_locks deadlocks' -s J -l json \
    -d 'Print the cycles as one JSON document'
complete -c ipcscope -n '__ipcscope_using_locks deadlocks' -s q -l quiet -d 'No warnings on stderr'
complete -c ipcscope -n __ipcscope_using_locks -s h -l help -d 'Show the options of locks and exit'

# ipcscope load [options]; it takes no arguments
complete -c ipcscope -n __ipcscope_using_load -s k -l kind -l kinds -x -a '(__ipcscope_list_items load_kinds)' \
    -d 'Make only objects of these kinds'
complete -c ipcscope -n __ipcscope_using_load -s c -l count -x \
    -d 'Objects of each kind, or KIND=N for one kind (default 4)'
complete -c ipcscope -n __ipcscope_using_load -l procs -x \
    -d 'Worker processes holding them (default 4, at most 64)'
complete -c ipcscope -n __ipcscope_using_load -l duration -x \
    -d 'Stop after SEC seconds (default: until a signal)'
complete -c ipcscope -n __ipcscope_using_load -l stale -d 'Also leave stale objects behind, never removed'
complete -c ipcscope -n __ipcscope_using_load -s J -l json -d 'Print the manifest as JSON'
complete -c ipcscope -n __ipcscope_using_load -s h -l help -d 'Show the options of load and exit'

# ipcscope graph [options] [KIND...]
complete -c ipcscope -n __ipcscope_needs_command -a graph \
    -d 'Draw which processes talk to which, as DOT, SVG or JSON'
complete -c ipcscope -n '__ipcscope_using graph' -s k -l kind -x -a '(__ipcscope_list_items kinds)' \
    -d 'Draw only objects of these kinds'
complete -c ipcscope -n '__ipcscope_using graph' -s p -l pid -x -a '(__ipcscope_list_items pids)' \
    -d 'Draw only objects one of these processes holds'
complete -c ipcscope -n '__ipcscope_using graph' -s u -l user -x -a '(__fish_complete_users)' \
    -d 'Draw only objects USER owns or a process of USER holds'
complete -c ipcscope -n '__ipcscope_using graph' -l name -r -F \
    -d 'Draw only objects whose name or path matches a shell pattern'
complete -c ipcscope -n '__ipcscope_using graph' -l port -x \
    -d 'Draw only sockets with one of these local or remote ports'
__ipcscope_namespace_options '__ipcscope_using graph' Draw
complete -c ipcscope -n '__ipcscope_using graph' -s F -l format -x \
    -a '(__ipcscope_ask --list-formats=graph)' -d 'Choose the output format'
complete -c ipcscope -n '__ipcscope_using graph' -l group -x -a 'process command container user' \
    -d 'One node per process, command, container or user'
complete -c ipcscope -n '__ipcscope_using graph' -l hubs -x \
    -d 'Fold the edges of nodes with more than N edges'
complete -c ipcscope -n '__ipcscope_using graph' -s q -l quiet -d 'No warnings on stderr'
complete -c ipcscope -n '__ipcscope_using graph' -s h -l help -d 'Show the options of graph and exit'
complete -c ipcscope -n '__ipcscope_using graph' -a '(__ipcscope_list_items kinds)'
