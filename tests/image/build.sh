#!/usr/bin/env bash
# Builds the test image psdocker-test:busybox (or $1) from the host's static
# busybox (Debian: busybox-static), and psdocker-test:noshell, the same binary
# without /bin/sh. Quiet and quick when nothing changed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tag=${1:-psdocker-test:busybox}
busybox=${BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || busybox=$(command -v busybox)
# ldd fails on a static binary; the image has no libc for a dynamic one.
if ldd "$busybox" >/dev/null 2>&1; then
  echo "build.sh: $busybox is dynamically linked; install busybox-static" >&2
  exit 1
fi
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
cp "$here/Dockerfile" "$here/noshell.Dockerfile" "$here/passwd" "$here/group" "$ctx/"
cp "$busybox" "$ctx/busybox"
# The legacy builder needs no buildx plugin (Debian's docker.io has none).
build() {
  if ! out=$(DOCKER_BUILDKIT=0 docker build -q "$@" "$ctx" 2>&1); then
    echo "$out" >&2
    exit 1
  fi
}
build -t "$tag"
build -t psdocker-test:noshell -f "$ctx/noshell.Dockerfile"
