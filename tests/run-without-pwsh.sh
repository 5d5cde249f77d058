#!/usr/bin/env bash
# What `pwsh ./build.ps1 test` runs, minus the Pester suites, for a machine
# with no PowerShell (our CI: no PowerShell package restores from its NuGet).
# Keep the steps in line with Build-Module, Invoke-Tests and Invoke-Platforms
# in build.ps1.
set -euo pipefail
cd "$(dirname "$0")/.."
# This machine's library; runtime identifiers and file names live in native/platforms.json.
lib=$(go run ./cmd/nativebuild -module "$PWD/out/PSDocker" host)
bash tests/image/build.sh
go test -count=1 ./...
GOOS=windows go build ./internal/... ./cmd/...
dotnet test tests/PSDocker.Tests --nologo -c Release "-p:PSDockerNativeLibrary=$lib"
# Every platform's library and the package (build.ps1 test ends with the same).
bash tests/platforms/run-without-pwsh.sh
