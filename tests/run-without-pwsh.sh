#!/usr/bin/env bash
# What `pwsh ./build.ps1 test` runs, minus the Pester suites, for a machine
# with no PowerShell (our CI: no PowerShell package restores from its NuGet).
# Keep the steps in line with Build-Module and Invoke-Tests in build.ps1.
set -euo pipefail
cd "$(dirname "$0")/.."
lib=out/PSDocker/runtimes/linux-x64/native/libpsdocker.so
mkdir -p "$(dirname "$lib")"
go build -buildmode=c-shared -trimpath -ldflags='-s -w' -o "$lib" ./native
rm -f "${lib%.so}.h"
bash tests/image/build.sh
go test -count=1 ./...
GOOS=windows go build ./internal/... ./cmd/...
dotnet test tests/PSDocker.Tests --nologo -c Release "-p:PSDockerNativeLibrary=$PWD/$lib"
