#!/usr/bin/env bash
# dockerd.sh start DIR PORT IMAGE: a second Docker daemon of its own (data root,
# exec root, pidfile) on unix://DIR/docker.sock and, with TLS verification
# (certs.sh DIR/tls), on tcp://127.0.0.1:PORT; IMAGE is copied into it from
# the main daemon. Run its containers with --network none.
# dockerd.sh stop DIR: stops it, removes its bridge and DIR.
#
# Not --bridge=none: a daemon without a bridge deletes the interface docker0
# at start (libnetwork's removeDefaultBridgeInterface), which is the main
# daemon's. It gets a bridge of its own instead, addressed inside 127/8 so
# its routes shadow nothing, and no iptables rules, no forwarding, no NAT.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cmd=$1 dir=$2
case $cmd in
start)
  port=$3 image=$4
  mkdir -p "$dir"
  bash "$here/certs.sh" "$dir/tls"
  echo '{}' >"$dir/daemon.json"
  bridge=psdbr$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
  echo "$bridge" >"$dir/bridge"
  ip link add "$bridge" type bridge
  ip addr add "127.254.$((RANDOM % 250)).$((1 + 4 * (RANDOM % 60)))/30" dev "$bridge"
  dockerd --config-file "$dir/daemon.json" --data-root "$dir/data" --exec-root "$dir/exec" \
    --pidfile "$dir/docker.pid" --bridge="$bridge" --iptables=false --ip6tables=false --ip-masq=false --ip-forward=false \
    -H "unix://$dir/docker.sock" -H "tcp://127.0.0.1:$port" \
    --tlsverify --tlscacert "$dir/tls/server/ca.pem" --tlscert "$dir/tls/server/cert.pem" --tlskey "$dir/tls/server/key.pem" \
    >"$dir/dockerd.log" 2>&1 </dev/null &
  echo $! >"$dir/dockerd.launcher.pid"
  for _ in $(seq 1 120); do
    docker -H "unix://$dir/docker.sock" version >/dev/null 2>&1 && break
    sleep 0.25
  done
  if ! docker -H "unix://$dir/docker.sock" version >/dev/null 2>&1; then
    tail -20 "$dir/dockerd.log" >&2
    exit 1
  fi
  docker save "$image" | docker -H "unix://$dir/docker.sock" load >/dev/null
  ;;
stop)
  [ -d "$dir" ] || exit 0
  if [ -S "$dir/docker.sock" ]; then
    ids=$(docker -H "unix://$dir/docker.sock" ps -aq 2>/dev/null || true)
    [ -n "$ids" ] && docker -H "unix://$dir/docker.sock" rm -f $ids >/dev/null 2>&1 || true
  fi
  if [ -f "$dir/docker.pid" ]; then
    pid=$(cat "$dir/docker.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  umount -R "$dir/data" "$dir/exec" 2>/dev/null || true
  [ -f "$dir/bridge" ] && ip link del "$(cat "$dir/bridge")" 2>/dev/null || true
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start DIR PORT IMAGE | stop DIR" >&2; exit 2 ;;
esac
