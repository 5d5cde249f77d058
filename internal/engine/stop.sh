# Ends one exec's processes from inside the container (see stop.go): POSIX
# sh (busybox, dash, bash) and grep; run detached, its output unread.
# $1 is the NAME=VALUE the exec was created with, $2 the grace in seconds.
# Members: the processes whose environment holds that line, and all their
# descendants (they may have cleared their environment). SIGTERM goes to
# the leaves first, so a parent that waits for them can reap them, then to
# all; whatever is left after the grace gets SIGKILL the same way.
marker=$1 grace=$2
trap '' HUP PIPE

# marked: the environ files that hold the marker; tr where grep lacks -z.
if printf 'x\0' | grep -qzxF x 2>/dev/null; then
	marked() { grep -slzxF "$marker" /proc/[0-9]*/environ; }
else
	marked() {
		for f in /proc/[0-9]*/environ; do
			tr '\0' '\n' <"$f" 2>/dev/null | grep -qxF "$marker" && echo "$f"
		done
	}
fi

members() {
	all=
	for f in $(marked); do
		f=${f#/proc/}
		all="$all ${f%/environ}"
	done
	[ -n "$all" ] || return 0
	all="$all "
	table=
	for d in /proc/[0-9]*; do
		state= ppid=
		while read -r key value rest; do
			case $key in
			State:) state=$value ;;
			PPid:) ppid=$value; break ;;
			esac
		done 2>/dev/null <"$d/status"
		[ "$state" = Z ] || table="$table${d#/proc/} $ppid
"
	done
	grown=1
	while [ $grown = 1 ]; do
		grown=0
		while read -r pid ppid; do
			case $all in *" $ppid "*) case $all in *" $pid "*) ;; *) all="$all$pid " grown=1 ;; esac ;; esac
		done <<EOT
$table
EOT
	done
	parents=
	while read -r pid ppid; do
		case $all in *" $pid "*) parents="$parents $ppid " ;; esac
	done <<EOT
$table
EOT
	leaves= inner=
	for pid in $all; do
		case " $parents " in *" $pid "*) inner="$inner $pid" ;; *) leaves="$leaves $pid" ;; esac
	done
}

signal() {
	members
	[ -n "$all" ] || return 1
	[ -n "$leaves" ] && kill -"$1" $leaves 2>/dev/null
	[ -n "$inner" ] || return 0
	nap
	members
	[ -n "$all" ] && kill -"$1" $all 2>/dev/null
	return 0
}

# now := centiseconds since boot, from /proc/uptime: no date tool needed.
clock() {
	read -r up _ </proc/uptime
	now=${up%.*}${up#*.}
}

if sleep 0.01 2>/dev/null; then nap() { sleep 0.05; }; else nap() { sleep 1; }; fi

signal TERM || exit 0
clock
deadline=$((now + grace * 100))
while [ "$now" -lt "$deadline" ]; do
	nap
	members
	[ -n "$all" ] || exit 0
	clock
done
for _ in 1 2 3 4 5; do
	signal KILL || exit 0
	nap
done
exit 1
