#!/usr/bin/env bash
# sshd.sh start DIR PORT [OPTION...]: Debian's OpenSSH server on 127.0.0.1:PORT with its
# own host key, and a test user of its own (key-only login, in group docker,
# so `docker system dial-stdio` reaches the main daemon). The client side is
# /etc/ssh/ssh_config.d/psdocker-ALIAS.conf: host ALIAS means 127.0.0.1 with
# the test key and host key, so `ssh://USER@ALIAS:PORT` works for any program
# that runs ssh, in any process. Each OPTION is one more sshd_config line
# (e.g. "AllowStreamLocalForwarding no"). Prints "USER ALIAS".
# sshd.sh stop DIR: stops sshd and the user's processes, removes the user,
# the client config and DIR.
set -euo pipefail
cmd=$1 dir=$2
case $cmd in
start)
  port=$3
  shift 3
  suffix=$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')
  user=psd$suffix alias=psd-ssh-$suffix
  mkdir -p "$dir" /run/sshd
  dir=$(cd "$dir" && pwd)
  echo "$user" >"$dir/user"
  echo "$alias" >"$dir/alias"
  useradd -M -d "$dir/home" -s /bin/sh -G docker -p "*" "$user" # "*": no password, yet not locked
  mkdir -p "$dir/home" && chown "$user" "$dir/home"
  ssh-keygen -q -t ed25519 -N '' -f "$dir/id" -C "$user"
  ssh-keygen -q -t ed25519 -N '' -f "$dir/hostkey" -C "$alias"
  cp "$dir/id.pub" "$dir/authorized_keys"
  chmod 755 "$dir"
  chmod 644 "$dir/authorized_keys"
  cat >"$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/hostkey
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AuthenticationMethods publickey
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin no
AllowUsers $user
CONF
  for option in "$@"; do echo "$option" >>"$dir/sshd_config"; done
  echo "$alias $(cut -d' ' -f1,2 "$dir/hostkey.pub")" >"$dir/known_hosts"
  cat >"/etc/ssh/ssh_config.d/psdocker-$alias.conf" <<CONF
Host $alias
  HostName 127.0.0.1
  HostKeyAlias $alias
  IdentityFile $dir/id
  IdentitiesOnly yes
  UserKnownHostsFile $dir/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
CONF
  /usr/sbin/sshd -D -e -f "$dir/sshd_config" >"$dir/sshd.log" 2>&1 </dev/null &
  for _ in $(seq 1 40); do
    ssh -p "$port" "$user@$alias" true 2>/dev/null && break
    sleep 0.25
  done
  if ! ssh -p "$port" "$user@$alias" docker version --format '{{.Server.Version}}' >/dev/null 2>"$dir/check.err"; then
    cat "$dir/sshd.log" "$dir/check.err" >&2
    exit 1
  fi
  echo "$user $alias"
  ;;
stop)
  [ -d "$dir" ] || exit 0
  [ -f "$dir/sshd.pid" ] && kill "$(cat "$dir/sshd.pid")" 2>/dev/null || true
  if [ -f "$dir/user" ]; then
    user=$(cat "$dir/user")
    for pid in $(pgrep -u "$user" 2>/dev/null || true); do kill "$pid" 2>/dev/null || true; done
    userdel "$user" 2>/dev/null || true
  fi
  [ -f "$dir/alias" ] && rm -f "/etc/ssh/ssh_config.d/psdocker-$(cat "$dir/alias").conf"
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start DIR PORT | stop DIR" >&2; exit 2 ;;
esac
