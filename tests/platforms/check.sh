#!/usr/bin/env bash
# Checks a packaged PSDocker on every platform this Linux x64 machine can reach:
#   - each library's exports (objdump, per format);
#   - the package's file list (the module folder plus NuGet's parts, no debris);
#   - each library, taken from the unpacked package, runs commands against the
#     real daemon: natively, under qemu-user for arm64, under wine for Windows
#     (the latter over a loopback TCP proxy): smoke.c, then the Go engine and
#     bridge test suites built for that platform.
# usage: tests/platforms/check.sh MODULE_FOLDER PACKAGE.nupkg
# Needs (Debian and Ubuntu names): gcc, gcc-aarch64-linux-gnu, libc6-arm64-cross,
# qemu-user-static, libstdc++6-arm64-cross (for .NET), gcc-mingw-w64-x86-64, wine64, unzip;
# the .NET SDK. Platform names come from
# native/platforms.json through cmd/nativebuild; none is written here.
set -euo pipefail
cd "$(dirname "$0")/../.."
module=$(cd "${1:?usage: check.sh MODULE_FOLDER PACKAGE}" && pwd)
package=$(realpath "${2:?usage: check.sh MODULE_FOLDER PACKAGE}")
here=tests/platforms
work=$(mktemp -d /tmp/psd-platforms.XXXXXX)
container=psd-platforms-$$
proxy_pid=
cleanup() {
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null
  docker rm -f "$container" >/dev/null 2>&1 || true
  [ -n "${WINEPREFIX:-}" ] && /usr/lib/wine/wineserver -k 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
need() { command -v "$1" >/dev/null || { echo "check.sh: $1 is missing (Debian package $2)"; exit 2; }; }
need unzip unzip

echo "== Libraries in $module"
mapfile -t libs < <(go run ./cmd/nativebuild -module "$module" -print all)
# ELF machine: 3e00 x86-64, b700 aarch64 (little-endian e_machine at 18).
machine() { od -An -tx1 -j18 -N2 "$1" | tr -d ' \n'; }
kind() {
  case "$(head -c2 "$1")" in
    MZ) echo pe-x86-64 ;;
    *) case "$(machine "$1")" in 3e00) echo elf-x86-64 ;; b700) echo elf-aarch64 ;; *) echo unknown ;; esac ;;
  esac
}
exports() {
  case "$(kind "$1")" in
    pe-x86-64) need x86_64-w64-mingw32-objdump binutils-mingw-w64-x86-64
      x86_64-w64-mingw32-objdump -p "$1" | sed -n '/\[Ordinal\/Name Pointer\] Table/,/^$/p' | awk '{print $NF}' ;;
    elf-x86-64) objdump -T "$1" | awk '$4 == ".text" {print $NF}' ;;
    elf-aarch64) need aarch64-linux-gnu-objdump binutils-aarch64-linux-gnu
      aarch64-linux-gnu-objdump -T "$1" | awk '$4 == ".text" {print $NF}' ;;
  esac
}
# Every function native/psdocker.h declares, sorted: the header is the ABI's owner.
abi=$(sed -nE 's/^[a-z_0-9 ]+\**[ *]([A-Za-z]+)\(.*\);$/\1/p' native/psdocker.h | sort | tr '\n' ' ')
abi=${abi% }
for lib in "${libs[@]}"; do
  [ -f "$lib" ] || { fail "$lib is missing"; continue; }
  got=$(exports "$lib" | grep -xE "${abi// /|}" | sort | tr '\n' ' ')
  if [ "$got" = "$abi " ]; then
    printf 'ok   %-12s %9d bytes, exports %s\n' "$(kind "$lib")" "$(stat -c %s "$lib")" "$abi"
  else
    fail "$lib ($(kind "$lib")) exports only: $got"
  fi
done

echo "== Package $package ($(stat -c %s "$package") bytes)"
unpacked=$work/unpacked
unzip -q "$package" -d "$unpacked"
expected=$(cd "$module" && find . -type f | sed 's|^\./||'; echo '[Content_Types].xml'; echo _rels/.rels; echo "$(basename "$module").nuspec")
actual=$(cd "$unpacked" && find . -type f ! -path './package/services/metadata/core-properties/*.psmdcp' | sed 's|^\./||')
if [ "$(sort <<<"$expected")" = "$(sort <<<"$actual")" ]; then
  echo "ok   the package holds the module folder's $(cd "$module" && find . -type f | wc -l) files and NuGet's parts"
else
  fail "package and module folder differ:"; diff <(sort <<<"$expected") <(sort <<<"$actual") || true
fi
[ "$(find "$unpacked/package/services/metadata/core-properties" -name '*.psmdcp' | wc -l)" = 1 ] || fail "no single .psmdcp"
if find "$unpacked" -name '*.h' -o -name '*.pdb' -o -name '*.deps.json' -o -path '*/obj/*' | grep -q .; then
  fail "build debris in the package"
fi

echo "== Running each library from the unpacked package against the daemon"
bash tests/image/build.sh >/dev/null
# No network: exec needs none, so this check does not depend on the daemon's default bridge.
docker run -d --network none --name "$container" psdocker-test:busybox sleep 3600 >/dev/null
go build -o "$work/loopback-proxy" ./$here/loopback-proxy
"$work/loopback-proxy" 127.0.0.1:0 >"$work/proxy.out" 2>&1 &
proxy_pid=$!
for _ in $(seq 50); do grep -q listening "$work/proxy.out" && break; sleep 0.1; done
tcp=tcp://$(sed -n 's/^listening //p' "$work/proxy.out")

for lib in "${libs[@]}"; do
  packed=$unpacked/${lib#"$module"/}
  case "$(kind "$packed")" in
    elf-x86-64)
      gcc -O1 -Wall -o "$work/smoke" $here/smoke.c -ldl
      echo "-- x86-64 Linux library natively, unix socket"
      "$work/smoke" "$packed" "$container" || fail "x86-64 Linux smoke" ;;
    elf-aarch64)
      need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu; need qemu-aarch64-static qemu-user-static
      # The dynamic arm64 programs (smoke, .NET) load their libc and libstdc++ from the
      # cross compiler's sysroot (qemu's QEMU_LD_PREFIX), so apt needs no arm64
      # architecture (Ubuntu serves arm64 packages from a separate archive; the -cross
      # ones are in its main one). The Go test binaries are static and run without it.
      sysroot=/usr/aarch64-linux-gnu
      # LD_LIBRARY_PATH too: the sysroot's loader reads the host's ld.so.cache, which on a
      # machine that also has the multiarch libc6:arm64 names that libc, of another version
      # than the loader's; that mix hangs at the first dlopen (seen here).
      arm64_run=(env LD_LIBRARY_PATH=$sysroot/lib QEMU_LD_PREFIX=$sysroot qemu-aarch64-static)
      [ -e $sysroot/lib/ld-linux-aarch64.so.1 ] || { echo "check.sh: no arm64 libc in $sysroot (apt-get install libc6-arm64-cross)"; exit 2; }
      aarch64-linux-gnu-gcc -O1 -Wall -o "$work/smoke-arm64" $here/smoke.c -ldl
      echo "-- arm64 Linux library under qemu-aarch64-static, unix socket"
      "${arm64_run[@]}" "$work/smoke-arm64" "$packed" "$container" || fail "arm64 Linux smoke under qemu"
      # Emulation is several times slower: TestTimeout's 500 ms budget covers the exec's setup
      # too and runs out before the first line; the permission test re-executes itself, which
      # needs binfmt_misc registered for qemu (a machine-wide setting this script leaves alone).
      for pkg in engine bridge; do
        GOOS=linux GOARCH=arm64 go test -c -o "$work/$pkg-arm64.test" ./internal/$pkg
        echo "-- go test ./internal/$pkg built for arm64, under qemu-aarch64-static, unix socket"
        if (cd internal/$pkg && qemu-aarch64-static "$work/$pkg-arm64.test" -test.count=1 -test.v \
            -test.skip '^(TestTimeout|TestPermissionDeniedOnSocket)$' 2>&1) >"$work/$pkg-arm64.log"; then
          echo "ok   internal/$pkg: $(grep -c '^--- PASS' "$work/$pkg-arm64.log") passed (TestTimeout, TestPermissionDeniedOnSocket skipped)"
        else
          grep -E '^(--- FAIL|FAIL|panic)|_test.go' "$work/$pkg-arm64.log" | head -40 || true
          fail "internal/$pkg under qemu"
        fi
      done
      # CoreCLR for arm64 (a self-contained publish: NuGet's arm64 runtime pack) under qemu:
      # the stress app's .NET threads call the arm64 library while SIGRTMIN and forced GCs
      # hit them. qemu-user builds signal frames itself, so a library without the fix does
      # not crash here either: this shows that CoreCLR and the library run together on
      # arm64 and that the fix clears SA_ONSTACK there, not that it prevents the crash.
      [ -e $sysroot/lib/libstdc++.so.6 ] || { echo "check.sh: no arm64 libstdc++ in $sysroot (apt-get install libstdc++6-arm64-cross)"; exit 2; }
      echo "-- the SIGRTMIN stress app, .NET for arm64, under qemu-aarch64-static"
      rid=$(basename "$(dirname "$(dirname "$packed")")") # runtimes/<rid>/native/<library>
      if ! dotnet publish tests/Stress/PSDocker.Stress.csproj -c Release -r "$rid" --self-contained \
          -o "$work/stress-arm64" -nologo -v quiet >"$work/stress-arm64.log" 2>&1; then
        tail -20 "$work/stress-arm64.log"
        fail "the stress app for $rid did not publish"
      elif out=$(cd "$work" && timeout 180 "${arm64_run[@]}" "$work/stress-arm64/PSDocker.Stress" \
          --library "$packed" --seconds 10 2>&1) && grep -q 'after-load=False' <<<"$out"; then
        echo "ok   $(grep '^summary' <<<"$out" | cut -d' ' -f2-5,10,14)"
      else
        echo "$out" | tail -5
        fail "the stress app under qemu"
      fi ;;
    pe-x86-64)
      need x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64; need /usr/lib/wine/wine64 wine64
      export WINEPREFIX=$work/wine WINEDEBUG=-all
      /usr/lib/wine/wine64 wineboot --init >/dev/null 2>&1
      x86_64-w64-mingw32-gcc -shared -O1 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" $here/wine/bcryptprimitives.c -lbcrypt
      x86_64-w64-mingw32-gcc -O1 -Wall -o "$work/smoke.exe" $here/smoke.c
      echo "-- x64 Windows DLL under wine $(/usr/lib/wine/wine64 --version 2>/dev/null), daemon at $tcp"
      /usr/lib/wine/wine64 "$work/smoke.exe" "Z:${packed//\//\\}" "$container" "$tcp" \
        || fail "x64 Windows smoke under wine"
      mkdir -p "$work/winbin"
      GOOS=windows GOARCH=amd64 go build -o "$work/winbin/docker.exe" ./$here/wine/standin
      cp "$work/winbin/docker.exe" "$work/winbin/bash.exe"
      for pkg in engine bridge; do
        GOOS=windows GOARCH=amd64 go test -c -o "$work/$pkg.test.exe" ./internal/$pkg
        echo "-- go test ./internal/$pkg built for windows, under wine, daemon at $tcp"
        if (cd internal/$pkg && WINEPATH="Z:${work//\//\\}\\winbin" DOCKER_HOST=$tcp \
            /usr/lib/wine/wine64 "$work/$pkg.test.exe" -test.count=1 -test.v 2>&1) >"$work/$pkg.log"; then
          echo "ok   internal/$pkg: $(grep -c '^--- PASS' "$work/$pkg.log") passed, $(grep -c '^--- SKIP' "$work/$pkg.log") skipped"
        else
          grep -E '^(--- FAIL|FAIL|panic)|_test.go' "$work/$pkg.log" | head -40 || true
          fail "internal/$pkg under wine"
        fi
      done ;;
    *) fail "$packed: unknown binary format" ;;
  esac
done

if [ "$failures" -ne 0 ]; then
  echo "check.sh: $failures check(s) failed"
  exit 1
fi
echo "check.sh: every check passed"
