# The stop helper (see stophelper.go): one per container, started on the
# first stop, it serves every stop of that container until its stdin closes.
# POSIX sh builtins, kill and sleep only (busybox, dash, bash): no grep, no ps.
#
# Request, on stdin:           Reply, on stdout:
#   stop GRACE N SINCE           target T FOUND LEFT   (one per target)
#   T AUTOGROUP MARKER   (N x)   done UNCHECKED
# T is a number, AUTOGROUP the autogroup of the exec's first process, or
# pPID: that of PID, the first process, if it leads its session; or x,
# MARKER the 32 hex digits of the exec's PSDOCKER_EXEC_ID, SINCE how many
# centiseconds ago the earliest of the execs was created.
#
# A target's processes: those in its autogroup (runc makes every exec a
# session of its own, and a session has an autogroup of its own that every
# child inherits, whatever it does to its environment or uid), those whose
# environment holds its marker, with their autogroups (a child that began a
# session of its own), and the descendants of all these. SIGTERM goes to
# the leaves, then to all; after GRACE seconds the tree is frozen (SIGSTOP
# until no new process appears, so a fork loop cannot outrun it) and
# killed. FOUND counts what the first look found, LEFT what the last look
# still finds (zombies do not count); UNCHECKED counts the processes that
# started since and whose environment could not be read (another user's,
# without CAP_SYS_PTRACE).
trap '' HUP PIPE

# nap [N]: a short wait, shorter for the first few of a series (N < 5).
if sleep 0.01 2>/dev/null; then
	nap() { if [ "${1:-5}" -lt 5 ]; then sleep 0.01; else sleep 0.05; fi; }
else
	nap() { sleep 1; }
fi

# now := centiseconds since boot: no date tool needed.
clock() {
	read -r up _ </proc/uptime
	now=${up%.*}${up#*.}
	now=${now#"${now%%[!0]*}"}
	now=${now:-0}
}

# marked PID: t := the target whose marker PID's environment holds. read
# drops the NULs between variables; a marker is 32 hex digits, so a
# substring match cannot hit another one. An unreadable environment of a
# process started since the oldest exec is counted in unchecked and its
# PID kept in unread.
marked() {
	if ! { command : <"/proc/$1/environ"; } 2>/dev/null; then
		# Field 22 of stat: the start, in clock ticks (centiseconds) since boot.
		{ IFS= read -r st <"/proc/$1/stat"; } 2>/dev/null || return
		pid=$1
		set -- ${st##*) }
		[ "${20:-0}" -ge "$oldest" ] && unchecked=$((unchecked + 1)) && unread="$unread $pid"
		return
	fi
	{ while IFS= read -r line || [ -n "$line" ]; do
		case $line in *PSDOCKER_EXEC_ID=*)
			m=${line#*PSDOCKER_EXEC_ID=}
			m=${m%"${m#????????????????????????????????}"}
			case $m in '' | *[!0-9a-f]*) continue ;; esac
			eval "t=\${mk_$m-}"
			[ -n "$t" ] && return ;;
		esac
	done <"/proc/$1/environ"; } 2>/dev/null
}

# look: $all := the live members, tg_PID := each one's target. With full=1
# the environments of the processes outside the targets' autogroups are
# read for markers. With tree=1: $leaves := the members with no member
# child, $inner := the others, $roots := those an exec started (parent 0).
look() {
	for p in $all; do unset "tg_$p"; done
	for p in $parents; do unset "par_$p"; done
	all= parents= others= unchecked=0 unread=
	[ "$tree" = 1 ] && roots=
	for d in /proc/[0-9]*; do
		p=${d#/proc/}
		case $p in 1 | $$) continue ;; esac
		ag=x
		if { IFS= read -r a <"$d/autogroup"; } 2>/dev/null; then
			ag=${a#/autogroup-}
			ag=${ag%% *}
			case $ag in '' | *[!0-9]*) ag=x ;; esac
		fi
		eval "t=\${ag_$ag-}"
		state= pp=
		{ while IFS=':	 ' read -r k v _; do
			case $k in
			State) state=$v; [ -n "$t" ] && [ "$tree" != 1 ] && break ;;
			PPid) pp=$v; break ;;
			esac
		done <"$d/status"; } 2>/dev/null
		case $state in '' | Z) continue ;; esac
		if [ -z "$t" ] && [ "$full" = 1 ]; then
			marked "$p"
			# Its autogroup is its session's: one of the exec's own only if
			# it leads that session (a runtime that makes no session for an
			# exec leaves it in one the container shares).
			if [ -n "$t" ] && [ $ag != x ] && { IFS= read -r st <"$d/stat"; } 2>/dev/null; then
				set -- ${st##*) }
				[ "$4" = "$p" ] && eval "ag_$ag=\$t" && ags="$ags $ag"
			fi
		fi
		if [ -n "$t" ]; then
			eval "tg_$p=\$t"
			all="$all $p"
			[ -n "$pp" ] && eval "par_$pp=1" && parents="$parents $pp"
			[ "$tree$pp" = 10 ] && roots="$roots $p"
		else
			others="$others $p:$pp"
		fi
	done
	# Descendants outside the autogroups and without the marker.
	grown=1
	while [ $grown = 1 ]; do
		grown=0 rest=
		for o in $others; do
			p=${o%:*} pp=${o#*:}
			eval "t=\${tg_$pp-}"
			if [ -n "$t" ]; then
				eval "tg_$p=\$t par_$pp=1"
				all="$all $p" parents="$parents $pp" grown=1
			else
				rest="$rest $o"
			fi
		done
		others=$rest
	done
	leaves= inner=
	[ "$tree" = 1 ] && for p in $all; do
		if eval "[ -n \"\${par_$p-}\" ]"; then inner="$inner $p"; else leaves="$leaves $p"; fi
	done
}

# count NAME: NAME_T := how many members target T has.
count() {
	for t in $targets; do eval "$1_$t=0"; done
	for p in $all; do
		eval "t=\$tg_$p"
		eval "$1_$t=\$(($1_$t + 1))"
	done
}

# group SIG: SIG to the process group of each exec's first process (its
# own, since runc makes it a session leader) in one call each, which a
# fork loop cannot outrun; busybox's kill takes no "--".
group() {
	for g in $roots; do
		{ kill -s "$1" -- "-$g" || kill "-$1" "-$g"; } 2>/dev/null
	done
}

# living: some member of the last look is still alive (zombies are not).
living() {
	for p in $all; do
		{ while IFS=':	 ' read -r k v _; do
			[ "$k" = State ] && { [ "$v" = Z ] || return 0; break; }
		done <"/proc/$p/status"; } 2>/dev/null
	done
	return 1
}

# freeze: SIGSTOP every member until no new one appears, then SIGKILL all.
# Each look reads the environments too: a marked process may have left the
# session and lost its parent meanwhile.
freeze() {
	group STOP
	group KILL
	for p in $frozen; do unset "fz_$p"; done
	frozen= full=1
	look
	while [ -n "$all" ]; do
		new=
		for p in $all; do eval "[ -n \"\${fz_$p-}\" ]" || { new="$new $p"; eval "fz_$p=1"; }; done
		[ -n "$new" ] || break
		kill -STOP $new 2>/dev/null
		frozen="$frozen$new"
		look
	done
	[ -n "$all" ] && kill -KILL $all 2>/dev/null
	full=0
}

# reread: the processes in unread again, with marked. One that turns out
# to be a target's makes it a full look, which also finds its descendants.
reread() {
	set -- $unread
	unchecked=0 unread=
	for p; do
		t=
		marked "$p"
		if [ -n "$t" ]; then
			full=1
			look
			return
		fi
	done
}

serve() {
	grace=$1 n=$2 targets=
	clock
	oldest=$((now - ${3:-$now}))
	for m in $markers; do unset "mk_$m"; done
	for a in $ags; do unset "ag_$a"; done
	markers= ags=
	while [ "$n" -gt 0 ] && read -r t ag m; do
		targets="$targets $t" markers="$markers $m"
		eval "mk_$m=\$t"
		case $ag in p*)
			p=${ag#p} ag=x
			case $p in '' | *[!0-9]*) ;; *)
				if { IFS= read -r st <"/proc/$p/stat" && IFS= read -r a <"/proc/$p/autogroup"; } 2>/dev/null; then
					set -- ${st##*) }
					a=${a#/autogroup-}
					a=${a%% *}
					case $a in '' | *[!0-9]*) ;; *) [ "$4" = "$p" ] && ag=$a ;; esac
				fi ;;
			esac ;;
		esac
		case $ag in '' | *[!0-9]*) ;; *) eval "ag_$ag=\$t"; ags="$ags $ag" ;; esac
		n=$((n - 1))
	done
	clock
	deadline=$((now + grace * 100))
	# (all keeps the last request's members: look forgets their targets.)
	full=1 tree=1
	look
	count found
	full=0 tree=0
	if [ -n "$all" ]; then
		# SIGTERM: the leaves first, so that a parent waiting for them can
		# reap them, then the process groups and the rest.
		[ -n "$leaves" ] && kill -TERM $leaves 2>/dev/null
		[ -n "$inner" ] && nap 0
		group TERM
		[ -n "$inner" ] && kill -TERM $inner 2>/dev/null
		clock
		naps=0
		while [ "$now" -lt "$deadline" ]; do
			if ! living; then
				full=1
				look
				full=0
				[ -n "$all" ] || break
			fi
			nap $naps
			naps=$((naps + 1))
			clock
		done
		[ -n "$all" ] && for _ in 1 2 3; do
			freeze
			for _ in 1 2 3 4 5 6 7 8 9 10; do
				living || break
				nap
			done
			full=1
			look
			full=0
			[ -n "$all" ] || break
		done
	fi
	# The last look: unless the one before was full and found nothing,
	# which is every stop that ended what it found.
	if [ -n "$all" ]; then
		full=1
		look
	fi
	# An exec that the runtime is starting meanwhile (runc init, which is
	# not dumpable) is unreadable for a moment: read those again before
	# counting them. Only they: in a busy container a look takes a while.
	for _ in 1 2 3; do
		[ "$unchecked" -gt 0 ] || break
		nap
		reread
	done
	count left
	for t in $targets; do eval "echo target $t \$found_$t \$left_$t"; done
	echo "done $unchecked"
}

echo ready
while read -r verb a b c; do
	case $verb in
	stop) serve "$a" "$b" "$c" ;;
	*) echo "error unknown request $verb" ;;
	esac
done
