#!/usr/bin/env bash
# podman.sh start DIR IMAGE: Podman's Docker-compatible API as root on
# unix://DIR/podman.sock (podman system service), with storage of its own
# under DIR and IMAGE copied in from the main Docker daemon. Prints the name
# of a running container, started with podman. Containers here need low
# ulimits to start in this sandbox, and have no network.
# podman.sh stop DIR: removes the containers, stops the service, removes DIR.
set -euo pipefail
cmd=$1 dir=$2
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
pm() {
  podman --root "$dir/root" --runroot "$dir/run" --tmpdir "$dir/tmp" \
    --cgroup-manager cgroupfs --events-backend file "$@"
}
case $cmd in
start)
  image=$3
  docker save "$image" | pm load >/dev/null
  pm system service --time=0 "unix://$dir/podman.sock" >"$dir/service.log" 2>&1 </dev/null &
  echo $! >"$dir/service.pid"
  for _ in $(seq 1 40); do [ -S "$dir/podman.sock" ] && break; sleep 0.25; done
  [ -S "$dir/podman.sock" ] || { cat "$dir/service.log" >&2; exit 1; }
  name=psd-podman-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
  pm run -d --name "$name" --network none --ulimit nofile=1024:1024 --ulimit nproc=1024:1024 \
    "$image" sleep 86400 >/dev/null
  echo "$name"
  ;;
stop)
  pm rm -f -a -t 0 >/dev/null 2>&1 || true
  if [ -f "$dir/service.pid" ]; then
    pid=$(cat "$dir/service.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  fi
  # conmon stays up to 300 s after an exec, and runs "podman container cleanup"
  # when it ends, which mounts the storage again. These processes are ours:
  # their command lines name this folder, which no one else uses.
  for pid in $(pgrep -f -- "$dir/" 2>/dev/null || true); do kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  pm system reset -f >/dev/null 2>&1 || true
  for _ in $(seq 1 20); do
    for pid in $(pgrep -f -- "$dir/" 2>/dev/null || true); do kill "$pid" 2>/dev/null || true; done
    # podman leaves its storage bind-mounted on itself (root/overlay).
    for m in $(grep -o " $dir/[^ ]*" /proc/mounts | sort -r || true); do umount "$m" 2>/dev/null || true; done
    rm -rf "$dir" 2>/dev/null && break
    sleep 0.5
  done
  ;;
*) echo "usage: $0 start DIR IMAGE | stop DIR" >&2; exit 2 ;;
esac
