#!/usr/bin/env bash
# What `pwsh ./build.ps1 platforms` runs, minus the Pester install test, for a
# machine with no PowerShell: out/PSDocker with every platform's library, the
# package out/PSDocker.<version>.nupkg, then check.sh on both.
# Keep the steps in line with Build-Module and Invoke-Package in build.ps1.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$PWD/out/PSDocker
rm -rf "$out"
go run ./cmd/nativebuild -module "$out" all
dotnet build shim/PSDocker.csproj --nologo -v quiet -c Release -o obj/shim
cp obj/shim/PSDocker.dll module/PSDocker.psd1 module/PSDocker.psm1 native/platforms.json LICENSE "$out/"
go run ./cmd/helpgen -o "$out/en-US" docs
package=$(go run ./cmd/nupkg -module "$out" -o out)
echo "Wrote $package"
bash tests/platforms/check.sh "$out" "$package"
