#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and demonstrates PSDocker.
.DESCRIPTION
    build  (default) out/PSDocker: the Go library for this machine, the cmdlet assembly, the manifest, the help.
    package  out/PSDocker with the library for every platform in native/platforms.json (cross-compiled),
           then the gallery package out/PSDocker.<version>.nupkg.
    platforms  package, then check every platform's library (exports; arm64 under qemu-user, Windows
           under wine, both against the real daemon) and install, update and uninstall the package
           with PSResourceGet (Pester).
    demo   build, start a throwaway container named web, run the README's examples in a new pwsh.
    test   build, then every suite against the real Docker daemon: Go, .NET (xunit), Pester; then platforms.
    soak   build, then the long load tests: 20,000 calls, 32 runspaces x 200, 1 GB, 200,000 chunkings.
    bench  build, measure against docker exec and the floors, write bench/results.md and plots.
    stress build, then the long SIGRTMIN stress test of the Go runtime inside CoreCLR.
    clean  remove everything the build wrote.
    Needs Go 1.26+, the .NET SDK 8+ and, for demo/test/bench, the docker CLI and a running daemon;
    package needs the C cross compilers platforms.json names, platforms also qemu-user-static and wine64
    (Debian package names; tests/platforms/README.md). ./build.sh <task> installs what the task
    needs (on Debian and Ubuntu), then runs this script with the same arguments.
.EXAMPLE
    pwsh ./build.ps1 test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'package', 'platforms', 'demo', 'test', 'soak', 'bench', 'stress', 'clean')]
    [string] $Task = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # bench: how many calls to time.
    [ValidateRange(1, 100000)]
    [int] $Count = 100,

    # stress: seconds per run of each library variant.
    [ValidateRange(1, 3600)]
    [int] $StressSeconds = 60
)

$ErrorActionPreference = 'Stop'
$PSNativeCommandUseErrorActionPreference = $true # a failing go, dotnet or docker stops the build
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out' 'PSDocker'
# Runtime identifiers and library names live in native/platforms.json alone;
# cmd/nativebuild builds from it and names this machine's library.
$NativeLibrary = $null # set by Build-Module
$TestImage = 'psdocker-test:busybox'
# The pwsh running this script; not the process's path, which is dotnet's when pwsh is the dotnet tool.
$Pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')

# Platforms: 'host' (this machine), 'all' (every built one in native/platforms.json) or runtime identifiers.
function Build-Module([string[]] $Platforms = @('host')) {
    Write-Host "Building $Out ($($Platforms -join ', '))"
    go run ./cmd/nativebuild -module $Out @Platforms | ForEach-Object { Write-Host "  $_" }
    $script:NativeLibrary = go run ./cmd/nativebuild -module $Out -print host

    $shimOut = Join-Path $Root 'obj' 'shim'
    dotnet build shim/PSDocker.csproj --nologo -v quiet -c $Configuration -o $shimOut
    Copy-Item -LiteralPath (Join-Path $shimOut 'PSDocker.dll') -Destination $Out
    Copy-Item -Path module/PSDocker.psd1, LICENSE -Destination $Out

    go run ./cmd/helpgen -o (Join-Path $Out 'en-US') docs
    Test-ModuleManifest -Path (Join-Path $Out 'PSDocker.psd1') | Out-Null
}

# A package holds only what this build wrote: start from an empty module folder.
function Invoke-Package {
    Remove-Item -Recurse -Force -ErrorAction Ignore -LiteralPath $Out
    Build-Module -Platforms all | Out-Host
    $package = go run ./cmd/nupkg -module $Out -o (Join-Path $Root 'out')
    Write-Host "Wrote $package"
    $package
}

# tests/platforms/check.sh runs each platform's library as far as this machine can;
# Install.Tests.ps1 publishes the package to a folder repository and installs, updates and
# uninstalls it with PSResourceGet, as a user does from the gallery.
function Invoke-Platforms {
    Initialize-TestImage
    $package = Invoke-Package
    bash tests/platforms/check.sh $Out $package
    Invoke-PesterIn (Join-Path $Root 'tests' 'platforms' 'Install.Tests.ps1') @{ PSDOCKER_PACKAGE = $package }
}

function Initialize-TestImage {
    bash tests/image/build.sh $TestImage
}

# A container that idles until removed; the name is reused when it runs already.
function Start-TestContainer([string] $Name) {
    $state = docker ps --all --filter "name=^$Name$" --format '{{.State}}'
    if ($state -eq 'running') { return }
    if ($state) { docker rm -f $Name | Out-Null }
    docker run -d --network none --name $Name $TestImage sleep 2147483647 | Out-Null
}

function Invoke-Demo {
    Initialize-TestImage
    Start-TestContainer web
    Write-Host "Container 'web' runs; remove it with: docker rm -f web"
    # Single quotes: the examples reach the new pwsh exactly as a user types them.
    $demo = @'
Import-Module ./out/PSDocker
'> Invoke-Command -Name web -Command ls'
Invoke-Command -Name web -Command ls
'> Invoke-Command web ls -ArgumentList ''-la'', ''/etc'' | Select-String passwd'
Invoke-Command web ls -ArgumentList '-la', '/etc' | Select-String passwd
'> $name = Invoke-Command -Name web -Command cat -ArgumentList /etc/hostname -StringOutput'
$name = Invoke-Command -Name web -Command cat -ArgumentList /etc/hostname -StringOutput
"`$name is '$name'"
'@
    & $Pwsh -NoProfile -NoLogo -Command $demo
}

# The suites; -Soak runs the long versions instead: the Pester tests tagged
# Soak and the xunit load and chunking tests at full size (PSD_SOAK=1).
function Invoke-Tests([switch] $Soak) {
    Initialize-TestImage
    if ($Soak) {
        $env:PSD_SOAK = '1'
        # Detailed: the load tests print their figures (working set, counts, times).
        dotnet test tests/PSDocker.Tests --nologo -c $Configuration "-p:PSDockerNativeLibrary=$NativeLibrary" --filter 'FullyQualifiedName~LoadTests|FullyQualifiedName~Chunking' --logger 'console;verbosity=detailed'
    } else {
        go test -count=1 ./...
        # npipe:// must at least compile: the Go code for Windows, all but the cgo C ABI in native/.
        $env:GOOS = 'windows'
        try { go build ./internal/... ./cmd/... } finally { Remove-Item Env:GOOS }
        dotnet test tests/PSDocker.Tests --nologo -c $Configuration "-p:PSDockerNativeLibrary=$NativeLibrary"
    }

    Invoke-PesterIn (Join-Path $Root 'tests' 'pester') @{ PSDOCKER_MODULE = $Out } -Soak:$Soak
}

# Runs Pester on a path in a new pwsh, so the suite imports only what it means to,
# with the given environment variables set there.
# -Soak runs only the tests tagged Soak; without it they are left out.
function Invoke-PesterIn([string] $Path, [hashtable] $Environment, [switch] $Soak) {
    $pester = Get-Module -ListAvailable Pester | Where-Object Version -ge '5.0' | Sort-Object Version | Select-Object -Last 1
    if (-not $pester) {
        throw 'Pester 5 is needed for the PowerShell tests: Install-Module Pester -MinimumVersion 5.0'
    }
    $setEnvironment = foreach ($name in $Environment.Keys) {
        "`$env:$name = '$($Environment[$name] -replace "'", "''")'"
    }
    $run = @"
$($setEnvironment -join "`n")
Import-Module '$($pester.Path)'
`$config = New-PesterConfiguration
`$config.Run.Path = '$($Path -replace "'", "''")'
`$config.Run.Exit = `$true
`$config.Output.Verbosity = 'Detailed'
`$config.Filter.$(if ($Soak) { 'Tag' } else { 'ExcludeTag' }) = 'Soak'
Invoke-Pester -Configuration `$config
"@
    & $Pwsh -NoProfile -NoLogo -Command $run
}

# Measures, then writes the benchmark page bench/results.md and its plots.
function Invoke-Bench {
    Initialize-TestImage
    $name = "psd-bench-$PID"
    $work = New-Item -ItemType Directory -Force -Path (Join-Path $Root 'obj' 'bench')
    $goBench = Join-Path $work 'go.txt'
    $json = Join-Path $work 'results.json'
    Start-TestContainer $name
    try {
        # The floors: the Go engine alone, without .NET or PowerShell. The bench script
        # runs the per-call and throughput floors from this binary in turn with its own
        # measures; the stop timings are the engine's alone.
        $goTest = Join-Path $work ($IsWindows ? 'engine.test.exe' : 'engine.test')
        go test -c -o $goTest ./internal/engine
        go test -run '^$' -bench 'StopUntilGone' -benchtime 20x ./internal/engine | Set-Content -LiteralPath $goBench
        & $Pwsh -NoProfile -NoLogo -File (Join-Path $Root 'tests' 'bench' 'Measure-InvokeCommand.ps1') `
            -Module $Out -Container $name -Count $Count -GoBench $goBench -GoTest $goTest -OutJson $json
    } finally {
        docker rm -f $name | Out-Null
    }
    go run ./cmd/benchpage -in $json -out (Join-Path $Root 'bench')
    Write-Host "Wrote $(Join-Path $Root 'bench' 'results.md')"
}

# The built library next to two builds without the fix (the macros of
# native/signals.c turned off), to show what the fix prevents; only the
# built one must never crash.
function Invoke-Stress {
    $withoutFix = @{ off = '-DPSD_RESTORE_FLAGS=0 -DPSD_BLOCK_IN_GO=0'; flagsonly = '-DPSD_BLOCK_IN_GO=0' }
    $libraries = foreach ($variant in 'off', 'flagsonly', 'fixed') {
        $library = Join-Path $Root 'obj' 'stress' $variant (Split-Path -Leaf $NativeLibrary)
        New-Item -ItemType Directory -Force -Path (Split-Path $library) | Out-Null
        if ($variant -eq 'fixed') {
            Copy-Item -LiteralPath $NativeLibrary -Destination $library
        } else {
            $saved = $env:CGO_CFLAGS
            $env:CGO_CFLAGS = "$(if ($saved) { $saved } else { '-O2 -g' }) $($withoutFix[$variant])"
            try { go build -buildmode=c-shared -o $library ./native } finally { $env:CGO_CFLAGS = $saved }
        }
        $library
    }
    $env:REQUIRE_CLEAN = 'fixed'
    try {
        bash tests/Stress/run.sh $StressSeconds @libraries
    } finally {
        Remove-Item Env:REQUIRE_CLEAN
    }
}

Push-Location $Root
try {
    switch ($Task) {
        'build' { Build-Module }
        'package' { Invoke-Package | Out-Null }
        'platforms' { Invoke-Platforms }
        'demo' { Build-Module; Invoke-Demo }
        'test' { Build-Module; Invoke-Tests; Invoke-Platforms }
        'soak' { Build-Module; Invoke-Tests -Soak }
        'bench' { Build-Module; Invoke-Bench }
        'stress' { Build-Module; Invoke-Stress }
        'clean' {
            Remove-Item -Recurse -Force -ErrorAction Ignore -Path out, obj, shim/bin, shim/obj,
                tests/PSDocker.Tests/bin, tests/PSDocker.Tests/obj, tests/Stress/bin, tests/Stress/obj
        }
    }
} finally {
    Pop-Location
}
