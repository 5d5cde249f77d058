#!/bin/sh
# The quick start: ./build.sh demo, ./build.sh test, or any build.ps1 task and
# options. Installs what the task needs and is missing, then runs
# pwsh ./build.ps1 with the same arguments. A second run installs nothing.
#
# Repository-local, in .tools/ (git-ignored): PowerShell 7.6.9 (NuGet's dotnet
# tool), Pester 5.9.1 (NuGet's package) and, when no Go 1.26+ is on PATH or
# in /usr/local/go, Go 1.26.8 (the official tarball). System-wide only what must be: Debian or
# Ubuntu packages with apt-get (as root), and a Docker daemon when none answers.
# What it cannot install (the .NET SDK; anything, when not root or not on
# Debian or Ubuntu) stops it at once with one line: what is missing, how to get it.
set -eu
cd "$(dirname "$0")"
root=$(pwd)
tools=$root/.tools
pwsh_version=7.6.9 pester_version=5.9.1 go_version=1.26.8 go_minimum=26 dotnet_minimum=10
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# Nanoseconds where date has %N (GNU, busybox), else whole seconds.
now() {
  t=$(date +%s%N)
  case $t in *[!0-9]*) t=$(($(date +%s) * 1000000000)) ;; esac
  echo "$t"
}
started=$(now)
elapsed() {
  ms=$((($(now) - started) / 1000000))
  echo "$((ms / 1000)).$((ms % 1000 / 100)) s"
}
say() { echo "build.sh: $*"; }
stop() {
  echo "build.sh: $*" >&2
  exit 1
}
have() { command -v "$1" >/dev/null 2>&1; }

# The task, as build.ps1 reads it (case-insensitive); build without one.
task=build
for arg in "$@"; do
  lower=$(printf '%s' "$arg" | tr '[:upper:]' '[:lower:]')
  case $lower in
    build | package | platforms | demo | test | soak | bench | stress | clean) task=$lower ;;
  esac
done

# ---- The .NET SDK: builds the cmdlet; PowerShell 7.6.9 runs on .NET 10.
# Not installed here: it comes from Microsoft or the distribution, as the user likes.
dotnet_help="install it as https://learn.microsoft.com/dotnet/core/install/linux says"
have dotnet || stop "the .NET SDK $dotnet_minimum or later is missing (it builds the cmdlet and runs PowerShell $pwsh_version): $dotnet_help"
# Lines like "10.0.401 [/usr/share/dotnet/sdk]"; the newest last.
sdk=$(dotnet --list-sdks 2>/dev/null | tail -n 1)
[ -n "$sdk" ] || stop "dotnet has no SDK, only a runtime; the .NET SDK $dotnet_minimum or later is missing: $dotnet_help"
sdk_major=${sdk%%.*}
[ "$sdk_major" -ge "$dotnet_minimum" ] ||
  stop "the .NET SDK here is ${sdk%% *}; PowerShell $pwsh_version needs the .NET SDK $dotnet_minimum or later: $dotnet_help"
# The dotnet tool's launcher finds the runtime through DOTNET_ROOT when dotnet
# is not where the launcher looks by default (a per-user install, say).
if [ -z "${DOTNET_ROOT:-}" ]; then
  sdk_dir=${sdk#*\[}
  DOTNET_ROOT=$(dirname "${sdk_dir%]}")
  export DOTNET_ROOT
fi

# ---- System packages (Debian names), by what the task runs.
static_busybox() {
  bb=/bin/busybox
  [ -x "$bb" ] || bb=$(command -v busybox) || return 1
  # ldd fails on a static binary; the test image has no libc for a dynamic one.
  ! ldd "$bb" >/dev/null 2>&1
}
docker_answers() { docker info >/dev/null 2>&1; }
# Whether what a package brings is here, found as the build finds it.
present() {
  case $1 in
    gcc) have gcc ;;
    libc6-dev) [ -f /usr/include/stdio.h ] ;;
    # dockerd is in /usr/sbin, which is not on a user's PATH on Debian.
    docker.io) have docker && { have dockerd || [ -x /usr/sbin/dockerd ] || docker_answers; } ;;
    busybox-static) static_busybox ;;
    gcc-aarch64-linux-gnu) have aarch64-linux-gnu-gcc ;;
    gcc-mingw-w64-x86-64) have x86_64-w64-mingw32-gcc ;;
    qemu-user-static) have qemu-aarch64-static ;;
    libc6-arm64-cross) [ -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ] ;;
    libstdc++6-arm64-cross) [ -e /usr/aarch64-linux-gnu/lib/libstdc++.so.6 ] ;;
    wine64) [ -x /usr/lib/wine/wine64 ] ;;
    unzip) have unzip ;;
    openssh-server) [ -x /usr/sbin/sshd ] ;;
    openssl) have openssl ;;
    podman) have podman ;;
    iproute2) have ip || [ -x /usr/sbin/ip ] || [ -x /sbin/ip ] ;;
    procps) have pgrep ;;
    gnuplot-nox) have gnuplot ;;
  esac
}
# What a package brings, for a machine without apt-get.
brings() {
  case $1 in
    docker.io) echo "the Docker engine (docker, dockerd)" ;;
    busybox-static) echo "a static busybox" ;;
    libc6-dev) echo "the C library's headers" ;;
    gcc-aarch64-linux-gnu) echo "aarch64-linux-gnu-gcc" ;;
    gcc-mingw-w64-x86-64) echo "x86_64-w64-mingw32-gcc" ;;
    qemu-user-static) echo "qemu-aarch64-static" ;;
    libc6-arm64-cross) echo "the arm64 C library for qemu-user" ;;
    libstdc++6-arm64-cross) echo "the arm64 libstdc++ for qemu-user" ;;
    openssh-server) echo "sshd" ;;
    iproute2) echo "ip" ;;
    procps) echo "pgrep" ;;
    gnuplot-nox) echo "gnuplot" ;;
    *) echo "$1" ;;
  esac
}

# Each group's packages, and why, as printed when they are installed.
packages_of() {
  case $1 in
    build) echo "gcc libc6-dev" ;;
    docker) echo "docker.io busybox-static" ;;
    cross) echo "gcc-aarch64-linux-gnu gcc-mingw-w64-x86-64" ;;
    platforms) echo "qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross wine64 unzip" ;;
    servers) echo "openssh-server openssl podman iproute2 procps" ;;
    bench) echo "gnuplot-nox" ;;
  esac
}
why_of() {
  case $1 in
    build) echo "the C compiler cgo builds the library with" ;;
    docker) echo "the Docker engine and CLI, and the static busybox the test image is built from" ;;
    cross) echo "the C cross compilers for the arm64 and Windows libraries" ;;
    platforms) echo "qemu-user with arm64's libc, and wine, to run those libraries against the daemon; unzip for the package" ;;
    servers) echo "the endpoint tests' own sshd, TLS certificates and Podman service (and ip, pgrep)" ;;
    bench) echo "the bench page's plots" ;;
  esac
}
case $task in
  build | stress) groups="build" ;;
  clean) groups="" ;;
  package) groups="build cross" ;;
  platforms) groups="build docker cross platforms" ;;
  demo | soak) groups="build docker" ;;
  bench) groups="build docker bench" ;;
  test) groups="build docker cross platforms servers bench" ;;
esac

missing=""
for group in $groups; do
  for package in $(packages_of "$group"); do
    present "$package" || missing="$missing $package"
  done
done
missing=${missing# }

if [ -n "$missing" ]; then
  distro=unknown like=""
  if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091 # the machine's own file
    distro=$(. /etc/os-release && echo "${ID:-unknown}")
    # shellcheck disable=SC1091
    like=$(. /etc/os-release && echo "${ID_LIKE:-}")
  fi
  case " $distro $like " in
    *" debian "* | *" ubuntu "*) have apt-get || distro=unknown ;;
    *) distro=unknown ;;
  esac
  if [ "$distro" = unknown ]; then
    what=""
    for package in $missing; do what="$what, $(brings "$package")"; done
    stop "missing ${what#, }; build.sh installs packages only on Debian and Ubuntu: install them with this system's package manager, then run ./build.sh $task again"
  fi
  if [ "$(id -u)" != 0 ]; then
    stop "missing $missing; as root, run: apt-get update && apt-get install -y $missing"
  fi
  for group in $groups; do
    list=""
    for package in $(packages_of "$group"); do
      case " $missing " in *" $package "*) list="$list $package" ;; esac
    done
    [ -z "$list" ] || say "installing system-wide with apt-get:$list ($(why_of "$group"))"
  done
  mkdir -p "$tools"
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086 # the package list is meant to split
  if ! { apt-get update -qq && apt-get install -y -qq $missing; } >"$tools/apt.log" 2>&1; then
    stop "apt-get could not install $missing: $(tail -n 1 "$tools/apt.log") (all of it in .tools/apt.log)"
  fi
fi

# ---- A Docker daemon, for the tasks that run containers.
case " $groups " in
  *" docker "*)
    if ! docker_answers; then
      if [ "$(id -u)" != 0 ]; then
        stop "docker info fails ($(docker info 2>&1 >/dev/null | tail -n 1)); as root, start the daemon (systemctl start docker), or join the docker group"
      fi
      mkdir -p "$tools"
      if [ -d /run/systemd/system ] && have systemctl; then
        say "no Docker daemon answers; starting it: systemctl start docker"
        systemctl start docker >"$tools/dockerd.log" 2>&1 ||
          stop "systemctl start docker failed: $(tail -n 1 "$tools/dockerd.log") (journalctl -u docker says more)"
      else
        say "no Docker daemon answers; starting dockerd (its log: .tools/dockerd.log)"
        dockerd=$(command -v dockerd || echo /usr/sbin/dockerd)
        nohup "$dockerd" >"$tools/dockerd.log" 2>&1 &
      fi
      waited=0
      until docker_answers; do
        [ "$waited" -lt 60 ] || stop "the Docker daemon did not answer within 60 s; its log: .tools/dockerd.log"
        sleep 1
        waited=$((waited + 1))
      done
    fi
    ;;
esac

# ---- Go 1.26 or later: the one on PATH, else the one go.dev's instructions
# put in /usr/local/go (not on every shell's PATH), else the one in .tools/go.
go_ok() {
  v=$("$1" env GOVERSION 2>/dev/null) || return 1
  v=${v#go}
  major=${v%%.*} minor=${v#*.}
  minor=${minor%%[!0-9]*}
  [ "$major" -gt 1 ] || { [ "$major" -eq 1 ] && [ "${minor:-0}" -ge "$go_minimum" ]; }
}
if [ "$task" != clean ] && ! { have go && go_ok go; }; then
  if go_ok /usr/local/go/bin/go; then
    go_bin=/usr/local/go/bin
  elif go_ok "$tools/go/bin/go"; then
    go_bin=$tools/go/bin
  else
    case $(uname -m) in
      x86_64 | amd64) go_arch=amd64 ;;
      aarch64 | arm64) go_arch=arm64 ;;
      *) stop "Go 1.$go_minimum or later is missing and there is no official Go for $(uname -m): install it as https://go.dev/doc/install says" ;;
    esac
    url=https://go.dev/dl/go$go_version.linux-$go_arch.tar.gz
    if have curl; then
      fetch() { curl -fsSL -o "$tools/go.tar.gz" "$url" 2>&1; }
    elif have wget; then
      fetch() { wget -nv -O "$tools/go.tar.gz" "$url" 2>&1; }
    else
      stop "Go 1.$go_minimum or later is missing, and curl or wget to fetch it: install one (apt-get install curl), or Go as https://go.dev/doc/install says"
    fi
    say "installing Go $go_version into .tools/go (from $url)"
    mkdir -p "$tools"
    rm -rf "$tools/go" "$tools/go.tar.gz"
    why=$(fetch) || stop "could not fetch $url ($(echo "$why" | tail -n 1)): install Go 1.$go_minimum or later as https://go.dev/doc/install says"
    tar -C "$tools" -xzf "$tools/go.tar.gz" || stop "could not unpack $tools/go.tar.gz"
    rm -f "$tools/go.tar.gz"
    go_ok "$tools/go/bin/go" || stop "$tools/go/bin/go does not run: install Go 1.$go_minimum or later as https://go.dev/doc/install says"
    go_bin=$tools/go/bin
  fi
  PATH=$go_bin:$PATH
fi

# ---- PowerShell 7.6.9, NuGet's dotnet tool; the version named, as CI's.
if [ ! -x "$tools/pwsh/pwsh" ]; then
  say "installing PowerShell $pwsh_version into .tools/pwsh (dotnet tool install)"
  mkdir -p "$tools"
  dotnet tool install --tool-path "$tools/pwsh" PowerShell --version "$pwsh_version" >"$tools/pwsh.log" 2>&1 ||
    stop "dotnet tool install PowerShell $pwsh_version failed: $(tail -n 1 "$tools/pwsh.log") (all of it in .tools/pwsh.log)"
fi
PATH=$tools/pwsh:$PATH

# ---- Pester 5.9.1, for the tasks with Pester suites: NuGet's package holds
# the module folder under tools/; a restore with PackageDownload fetches it.
case $task in
  test | platforms | soak)
    if [ ! -f "$tools/Modules/Pester/$pester_version/Pester.psd1" ]; then
      say "installing Pester $pester_version into .tools/Modules (NuGet)"
      dl=$tools/pester-download
      rm -rf "$dl"
      mkdir -p "$dl" "$tools/Modules/Pester"
      cat >"$dl/download.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net$sdk_major.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageDownload Include="Pester" Version="[$pester_version]" /></ItemGroup>
</Project>
XML
      dotnet restore "$dl/download.csproj" --packages "$dl/packages" >"$tools/pester.log" 2>&1 ||
        stop "Pester $pester_version did not restore: $(grep -m 1 'error' "$tools/pester.log" || tail -n 1 "$tools/pester.log") (all of it in .tools/pester.log)"
      cp -r "$dl/packages/pester/$pester_version/tools" "$tools/Modules/Pester/$pester_version"
      rm -rf "$dl"
    fi
    ;;
esac
PSModulePath=$tools/Modules${PSModulePath:+:$PSModulePath}
export PATH PSModulePath

say "ready in $(elapsed); running pwsh ./build.ps1 $*"
exec pwsh -NoProfile -File ./build.ps1 "$@"
