#!/usr/bin/env bash
# Runs the SIGRTMIN stress test against libpsdocker builds and counts crashes.
#
# usage: tests/Stress/run.sh SECONDS [LIBRARY...]
#   LIBRARY defaults to /tmp/psd/{off,flagsonly,fixed}/libpsdocker.so (build
#   them as native/signals.c describes); a variant is named after the
#   library's directory.
# env: RUNS         runs per variant (default 3)
#      STRESS_ARGS  more options for the app, e.g. "--workers 32 --interval-us 5"
#      LOG_DIR      per-run stdout/stderr (default /tmp/psd/stress-logs)
#      CORES=1      allow core dumps; the runs' working directory is LOG_DIR
#      REQUIRE_CLEAN=VARIANT  exit 1 unless every run of VARIANT ended well
#
# A run that dies by a signal (exit status > 128) is a crash; one still
# running SECONDS+60 s after it started is killed and counted as a hang.
# Nothing is asserted about timing; the table is the result.
set -u
here=$(cd "$(dirname "$0")" && pwd)
secs=${1:?usage: run.sh SECONDS [LIBRARY...]}
shift
libs=("$@")
[ ${#libs[@]} -gt 0 ] || libs=(/tmp/psd/off/libpsdocker.so /tmp/psd/flagsonly/libpsdocker.so /tmp/psd/fixed/libpsdocker.so)
runs=${RUNS:-3}
logs=${LOG_DIR:-/tmp/psd/stress-logs}
mkdir -p "$logs"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$here/PSDocker.Stress.csproj" -c Release -v quiet -nologo >"$logs/build.log" 2>&1 \
  || { cat "$logs/build.log"; exit 2; }
app=$here/bin/Release/net10.0/PSDocker.Stress

[ "${CORES:-0}" = 1 ] && ulimit -c unlimited
cd "$logs" || exit 2
# The kernel logs "overflowed sigaltstack" when a signal frame does not fit.
kmsg() { dmesg 2>/dev/null | wc -l; }

table=()
status=0
for lib in "${libs[@]}"; do
  variant=$(basename "$(dirname "$lib")")
  ok=0 crashes=0 hangs=0 failed=0 total=0 codes=""
  for ((i = 1; i <= runs; i++)); do
    log=$logs/$variant-$i
    before=$(kmsg)
    t0=$EPOCHREALTIME
    # shellcheck disable=SC2086 # STRESS_ARGS is a list of options
    # The braces keep bash's own "Segmentation fault" notice out of the way.
    { timeout -k 10 $((secs + 60)) "$app" --library "$lib" --seconds "$secs" ${STRESS_ARGS:-} >"$log.out" 2>"$log.err"; } 2>/dev/null
    rc=$?
    t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    total=$(awk -v a="$total" -v b="$t" 'BEGIN { printf "%.1f", a + b }')
    codes="$codes $rc"
    if [ $rc -eq 0 ]; then ok=$((ok + 1)); what="ok"
    elif [ $rc -eq 124 ] || [ $rc -eq 137 ]; then hangs=$((hangs + 1)); what="hang (killed by timeout)"
    elif [ $rc -gt 128 ]; then crashes=$((crashes + 1)); what="crash: SIG$(kill -l $((rc - 128)))"
    else failed=$((failed + 1)); what="failed"
    fi
    echo "$variant run $i: exit $rc after ${t}s, $what"
    grep -h '^summary' "$log.out" | sed 's/^/  /'
    [ $rc -ne 0 ] && grep -m 3 -h -E 'fatal error|unexpected|SIGSEGV|Unhandled|Stack overflow|mismatch' "$log.err" | sed 's/^/  stderr: /'
    after=$(kmsg)
    [ "$after" -gt "$before" ] && dmesg 2>/dev/null | tail -n $((after - before)) | grep -E 'sigaltstack|segfault|trap' | sed 's/^/  kernel: /'
  done
  [ "$variant" = "${REQUIRE_CLEAN:-}" ] && [ "$ok" -ne "$runs" ] && status=1
  table+=("$(printf '%-10s %4d %4d %7d %5d %6d %8s  %s' "$variant" "$runs" "$ok" "$crashes" "$hangs" "$failed" "$total" "${codes# }")")
done

echo
printf '%-10s %4s %4s %7s %5s %6s %8s  %s\n' variant runs ok crashes hangs failed seconds "exit codes"
printf '%s\n' "${table[@]}"
exit $status
