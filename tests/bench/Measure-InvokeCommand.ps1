#Requires -Version 7.4
<#
.SYNOPSIS
    Measures PSDocker against docker exec and against the floors under it, for
    the benchmark page (build.ps1 bench).
.DESCRIPTION
    Writes one JSON file of charts (see internal/benchpage): per-call latency,
    lines per second into Measure-Object, -StringOutput MB/s, one command in
    50 containers, tab completion, and how fast stops return. Every value is
    the median of repeated runs. What a chart compares is measured in rounds,
    each contender once per round, so that the machine's drift (several ms a
    call on a shared 2-core machine) falls on all of them alike; the Go floors
    come from the engine's benchmarks, run in those rounds from the test binary
    build.ps1 passes in -GoTest, and from its earlier output in -GoBench. Also
    prints the table to the console.
#>
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $Container,
    [Parameter(Mandatory)] [string] $GoBench,
    [Parameter(Mandatory)] [string] $GoTest,
    [Parameter(Mandatory)] [string] $OutJson,
    [int] $Count = 100,
    [int] $Lines = 1000000,
    [int] $FanOut = 50,
    [int] $Rounds = 5
)
$ErrorActionPreference = 'Stop'
Import-Module $Module

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    $sorted[[int][math]::Floor(($sorted.Count - 1) / 2)]
}

# Median milliseconds of $Runs runs of $Call, after one warm-up run.
function Measure-Median([int] $Runs, [scriptblock] $Call) {
    & $Call | Out-Null
    Get-Median @(Measure-Each $Runs $Call)
}

# A value reported by a Go benchmark: 'ExecTrue' 'ms-median' -> 41.2, from
# the lines of a benchmark run (by default the output build.ps1 saved).
function Get-GoMetric([string] $Benchmark, [string] $Unit, [string[]] $Output = (Get-Content -LiteralPath $GoBench)) {
    $line = $Output | Where-Object { $_ -match "^Benchmark$Benchmark-\d+\s" } | Select-Object -First 1
    if ($line -notmatch "([\d.]+) $([regex]::Escape($Unit))(\s|$)") { throw "no $Unit for Benchmark$Benchmark in: $Output" }
    [double] $Matches[1]
}

# Runs one engine benchmark N times now, from the test binary, and returns its metric.
function Invoke-GoBenchmark([string] $Benchmark, [string] $Unit, [int] $Times) {
    # The binary's TestMain builds the test image through a path relative to its package.
    Push-Location (Join-Path $PSScriptRoot '..' '..' 'internal' 'engine')
    try {
        # Quoted whole: PowerShell splits a bare -test.run into -test and .run.
        $output = & $GoTest '-test.run=^$' "-test.bench=^Benchmark$Benchmark`$" "-test.benchtime=${Times}x"
    } finally {
        Pop-Location
    }
    Get-GoMetric $Benchmark $Unit $output
}

# Runs each named measure once per round, in turn, for $Times rounds; each
# measure returns one or more samples. Returns the median of each one's samples.
function Measure-Rounds([System.Collections.Specialized.OrderedDictionary] $Measures, [int] $Times = $Rounds) {
    $samples = @{}
    foreach ($name in $Measures.Keys) { $samples[$name] = [System.Collections.Generic.List[double]]::new() }
    foreach ($round in 1..$Times) {
        foreach ($name in $Measures.Keys) {
            foreach ($value in @(& $Measures[$name])) { $samples[$name].Add($value) }
        }
    }
    $medians = [ordered]@{}
    foreach ($name in $Measures.Keys) { $medians[$name] = Get-Median $samples[$name] }
    $medians
}

# Milliseconds of each of N runs of $Call.
function Measure-Each([int] $Times, [scriptblock] $Call) {
    foreach ($i in 1..$Times) { (Measure-Command { & $Call | Out-Null }).TotalMilliseconds }
}

function New-Chart([string] $Id, [string] $Title, [string] $Unit, [string] $Note, [object[]] $Bars, [switch] $HigherIsBetter) {
    [ordered]@{ id = $Id; title = $Title; unit = $Unit; higherIsBetter = $HigherIsBetter.IsPresent; note = $Note; bars = $Bars }
}

function New-Bar([string] $Label, [double] $Value, [switch] $Baseline) {
    [ordered]@{ label = $Label; value = [math]::Round($Value, 3); baseline = $Baseline.IsPresent }
}

$charts = [System.Collections.Generic.List[object]]::new()

# Per call: a command that does nothing, so only the round trip counts. The
# pwsh session is warmed first: .NET compiles PowerShell's hot paths again,
# optimized, over its first hundred or so calls, on the second core, where
# it competes with the daemon. Short rounds, twice as many, so that the
# machine's drift falls on all three alike.
$perRound = [math]::Max(1, [int]($Count / $Rounds / 2))
$warmCalls = 100
foreach ($i in 1..$warmCalls) { Invoke-Command $Container true }
docker exec $Container true
$latency = Measure-Rounds -Times (2 * $Rounds) ([ordered]@{
        floor  = { Invoke-GoBenchmark ExecTrue ms-median $perRound }
        psd    = { Measure-Each $perRound { Invoke-Command $Container true } }
        docker = { Measure-Each $perRound { docker exec $Container true } }
    })
$charts.Add((New-Chart latency "Per-call latency: 'true' in a running container" ms "$(2 * $Rounds) rounds of $perRound calls each, in turn, after $warmCalls calls that warm the pwsh session; the medians of all $($perRound * 2 * $Rounds) calls from that session, and of the Go engine's round medians." @(
    New-Bar 'Go engine alone (the floor)' $latency.floor -Baseline
    New-Bar 'Invoke-Command' $latency.psd
    New-Bar 'docker exec from pwsh' $latency.docker
)))

# Lines into the pipeline, where PowerShell's own cost is the floor. ($lineTimes:
# PowerShell's names ignore case, so $lines would be $Lines, the count.)
# Write-BenchLine is the floor of any compiled cmdlet: it makes N strings and
# writes each, as Invoke-Command does, and does nothing else.
Add-Type -TypeDefinition @'
[System.Management.Automation.Cmdlet("Write", "BenchLine")]
public sealed class WriteBenchLine : System.Management.Automation.PSCmdlet
{
    [System.Management.Automation.Parameter(Position = 0)] public int Count { get; set; }
    protected override void ProcessRecord()
    {
        for (int i = 1; i <= Count; i++) { WriteObject(i.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
    }
}
'@ -PassThru | Select-Object -First 1 -ExpandProperty Assembly | Import-Module
$lineTimes = Measure-Rounds ([ordered]@{
        floor  = { Measure-Each 1 { [System.Linq.Enumerable]::Range(0, $Lines) | Measure-Object } }
        cmdlet = { Measure-Each 1 { Write-BenchLine $Lines | Measure-Object } }
        psd    = { Measure-Each 1 { Invoke-Command $Container seq -ArgumentList 1, $Lines | Measure-Object } }
        docker = { Measure-Each 1 { docker exec $Container seq 1 $Lines | Measure-Object } }
    })
$perSecond = { param([double] $Ms) $Lines / ($Ms / 1000) }
$charts.Add((New-Chart lines "$Lines lines into Measure-Object" 'lines/s' "Median of $Rounds rounds, one run of each per round; the floor is PowerShell's own pipeline, [System.Linq.Enumerable]::Range(0, N) | Measure-Object; a compiled cmdlet that only makes N strings and writes them is the floor of any cmdlet." @(
    New-Bar "PowerShell's pipeline (the floor)" (& $perSecond $lineTimes.floor) -Baseline
    New-Bar 'a cmdlet that only writes N strings' (& $perSecond $lineTimes.cmdlet)
    New-Bar 'Invoke-Command' (& $perSecond $lineTimes.psd)
    New-Bar 'docker exec' (& $perSecond $lineTimes.docker)
) -HigherIsBetter))

# Pipeline input to stdin and back: lines through cat, next to docker exec -i
# fed by PowerShell's own native-command pipe.
$stdinLines = Measure-Rounds ([ordered]@{
        psd    = { Measure-Each 1 { 1..$Lines | Invoke-Command $Container cat | Measure-Object } }
        docker = { Measure-Each 1 { 1..$Lines | docker exec -i $Container cat | Measure-Object } }
    })
$charts.Add((New-Chart stdinlines "$Lines lines through cat: 1..N | ... cat | Measure-Object" 'lines/s' "Median of $Rounds rounds, one run of each per round; both get their input from the same PowerShell pipeline." @(
    New-Bar 'docker exec -i' (& $perSecond $stdinLines.docker) -Baseline
    New-Bar 'Invoke-Command' (& $perSecond $stdinLines.psd)
) -HigherIsBetter))

# 1 GiB through cat: 1024 byte[] chunks of 1 MiB (a newline every 1 KiB),
# written as they are, and read back as lines.
$chunk = [byte[]]::new(1MB)
for ($i = 0; $i -lt $chunk.Length; $i++) { $chunk[$i] = if ($i % 1024 -eq 1023) { 10 } else { 120 } }
$gib = Measure-Rounds ([ordered]@{
        psd    = { Measure-Each 1 { 1..1024 | ForEach-Object { , $chunk } | Invoke-Command $Container cat | Measure-Object } }
        docker = { Measure-Each 1 { 1..1024 | ForEach-Object { , $chunk } | docker exec -i $Container cat | Measure-Object } }
    })
$gibPerSecond = { param([double] $Ms) 1024 / ($Ms / 1000) }
$charts.Add((New-Chart stdinbytes '1 GiB through cat: byte[] chunks in, lines out' 'MB/s' "Median of $Rounds rounds, one run of each per round: 1024 chunks of 1 MiB piped in, 1,048,576 lines of 1 KiB counted by Measure-Object." @(
    New-Bar 'docker exec -i' (& $gibPerSecond $gib.docker) -Baseline
    New-Bar 'Invoke-Command' (& $gibPerSecond $gib.psd)
) -HigherIsBetter))

# All of stdout as one string.
$bytes = 75MB
$bigOutput = "head -c $bytes /dev/zero | tr '\0' x"
$whole = Measure-Rounds ([ordered]@{
        floor  = { Invoke-GoBenchmark StdoutThroughput MB/s 1 }
        psd    = { Measure-Each 1 { Invoke-Command $Container sh -ArgumentList '-c', $bigOutput -StringOutput } }
        docker = { Measure-Each 1 { (docker exec $Container sh -c $bigOutput) -join "`n" } }
    })
$mbPerSecond = { param([double] $Ms) ($bytes / 1MB) / ($Ms / 1000) }
$charts.Add((New-Chart stringoutput '75 MiB of stdout as one string' 'MB/s' "Median of $Rounds rounds, one run of each per round; the floor is the Go engine reading the same stream." @(
    New-Bar 'Go engine alone (the floor)' $whole.floor -Baseline
    New-Bar 'Invoke-Command -StringOutput' (& $mbPerSecond $whole.psd)
    New-Bar '(docker exec) -join "`n"' (& $mbPerSecond $whole.docker)
) -HigherIsBetter))

# One command in many containers.
$names = foreach ($i in 1..$FanOut) {
    $name = "psd-bench-fan-$PID-$i"
    docker run -d --network none --name $name psdocker-test:busybox sleep 86400 | Out-Null
    $name
}
try {
    $fanBars = foreach ($throttle in 1, 4, 16) {
        New-Bar "Invoke-Command, -ThrottleLimit $throttle" ((Measure-Median 3 {
            $names | ForEach-Object -Parallel { Import-Module $using:Module; Invoke-Command $_ true } -ThrottleLimit $throttle
        }) / 1000)
        New-Bar "docker exec, -ThrottleLimit $throttle" ((Measure-Median 3 {
            $names | ForEach-Object -Parallel { docker exec $_ true } -ThrottleLimit $throttle
        }) / 1000)
    }
    $charts.Add((New-Chart fanout "'true' in $FanOut containers with ForEach-Object -Parallel" s 'Median of 3 runs of the whole fan-out.' @($fanBars)))

    # Completion with these containers (and the others) running.
    $line = 'Invoke-Command -Name psd-bench-fan'
    $charts.Add((New-Chart completion "Tab completion of -Name with $FanOut+ running containers" ms 'Median of 20 TabExpansion2 calls; the target is 150 ms.' @(
        New-Bar 'TabExpansion2 on -Name' (Measure-Median 20 { TabExpansion2 -inputScript $line -cursorColumn $line.Length })
    )))
} finally {
    docker rm -f $names | Out-Null
}

# Stops: how soon the prompt comes back (the process is ended meanwhile).
$first = Measure-Median 20 { Invoke-Command $Container sh -ArgumentList '-c', 'echo first; sleep 300' | Select-Object -First 1 }
$stops = foreach ($i in 1..10) {
    $ps = [PowerShell]::Create().AddScript("Import-Module '$Module'; Invoke-Command '$Container' sleep -ArgumentList 300")
    $null = $ps.BeginInvoke()
    Start-Sleep -Milliseconds 500
    (Measure-Command { $ps.Stop() }).TotalMilliseconds
    $ps.Dispose()
}
$early = Measure-Command { foreach ($i in 1..100) { Invoke-Command $Container yes | Select-Object -First 1 | Out-Null } }
Start-Sleep -Seconds 3 # the stop's grace (2 s) + 1 s
$left = @(docker exec $Container ps -o stat,args | Select-Object -Skip 1 |
        Where-Object { $_.Trim() -notlike 'Z*' -and ($_ -like '*yes*' -or $_ -like '*sleep 300*') }).Count
$charts.Add((New-Chart stops 'Back at the prompt after a stop' ms "Medians of 20 and 10 runs, and the mean of 100 calls of yes | Select-Object -First 1; afterwards $left of their processes were left. From the deadline of a timeout until the report (the stop is checked by then), and from the report until the daemon's process list no longer shows it, the Go engine's medians." @(
    New-Bar 'Select-Object -First 1 (whole call)' $first
    New-Bar 'Ctrl+C: PowerShell.Stop()' (Get-Median $stops)
    New-Bar 'yes | Select-Object -First 1, per call' ($early.TotalMilliseconds / 100)
    New-Bar 'timeout: deadline to report (Go)' (Get-GoMetric StopUntilGone ms-deadline-to-report)
    New-Bar 'timeout: report to process gone (Go)' (Get-GoMetric StopUntilGone ms-report-to-gone)
)))

# 100 early stops at once in one container: when every call had returned,
# and when the last of their processes was gone (checked with ps).
$fan = [Diagnostics.Stopwatch]::StartNew()
$unconfirmed = 1..100 | ForEach-Object -Parallel {
    Import-Module $using:Module
    $null = Invoke-Command $using:Container sh -ArgumentList '-c', "echo s; sleep 300 & sleep 301 & wait # $_" -WarningVariable w -WarningAction SilentlyContinue |
        Select-Object -First 1
    @($w).Count
} -ThrottleLimit 100 | Measure-Object -Sum
$returned = $fan.Elapsed.TotalSeconds
while (docker exec $Container ps -o stat,args | Where-Object { $_.Trim() -notlike 'Z*' -and $_ -like '*sleep 30[01]*' }) {
    Start-Sleep -Milliseconds 100
}
$charts.Add((New-Chart stopfanout '100 early stops at once in one container' s "One run of 100 'Select-Object -First 1' in ForEach-Object -Parallel -ThrottleLimit 100; $($unconfirmed.Sum) calls warned that their stop was not confirmed within the 7 s bound (it went on)." @(
    New-Bar 'every call returned' $returned
    New-Bar 'the last process gone' $fan.Elapsed.TotalSeconds
)))

# Import-Module in a new pwsh, next to importing the cmdlet assembly alone:
# what every `pwsh -c` in a script or CI job pays before its first call.
$pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
$dll = Join-Path $Module 'PSDocker.dll'
$importMs = { param([string] $What) [double] (& $pwsh -NoProfile -NonInteractive -Command "`$sw = [Diagnostics.Stopwatch]::StartNew(); Import-Module '$What'; `$sw.Elapsed.TotalMilliseconds") }
$import = Measure-Rounds ([ordered]@{
        floor = { foreach ($i in 1..3) { & $importMs $dll } }
        psd   = { foreach ($i in 1..3) { & $importMs $Module } }
    })
$charts.Add((New-Chart import 'Import-Module in a new pwsh' ms "Median of $Rounds rounds of 3 new pwsh processes each, in turn; the floor imports PSDocker.dll by path, without the manifest." @(
    New-Bar 'Import-Module PSDocker.dll (the floor)' $import.floor -Baseline
    New-Bar 'Import-Module PSDocker' $import.psd
)))

# Other endpoints, with servers of their own (tests/servers, as the endpoint
# tests start them; they need root): ssh:// to a loopback sshd, and Podman.
$isRoot = -not $IsWindows -and (id -u) -eq '0'
Import-Module (Join-Path $PSScriptRoot '..' 'pester' 'TestServers.psm1')
if ($isRoot -and (Test-ServerTool sshd, ssh)) {
    $sshd = Start-TestSshd
    try {
        # Each round is a new pwsh: its first ssh:// call logs in; the next ones
        # reuse the connection. Local-socket calls alternate with them there.
        $probe = @"
Import-Module '$Module'
Invoke-Command '$Container' true
`$env:DOCKER_HOST = '$($sshd.Url)'
`$first = (Measure-Command { Invoke-Command '$Container' true }).TotalMilliseconds
`$ssh = @(); `$unix = @()
foreach (`$i in 1..10) {
    `$env:DOCKER_HOST = '$($sshd.Url)'
    `$ssh += (Measure-Command { Invoke-Command '$Container' true }).TotalMilliseconds
    Remove-Item Env:DOCKER_HOST
    `$unix += (Measure-Command { Invoke-Command '$Container' true }).TotalMilliseconds
}
@{ first = `$first; ssh = `$ssh; unix = `$unix } | ConvertTo-Json -Compress
"@
        $sshCalls = [System.Collections.Generic.List[double]]::new()
        $unixCalls = [System.Collections.Generic.List[double]]::new()
        $sshTimes = Measure-Rounds ([ordered]@{
                first  = {
                    $r = & $pwsh -NoProfile -NonInteractive -Command $probe | ConvertFrom-Json
                    foreach ($v in $r.ssh) { $sshCalls.Add($v) }
                    foreach ($v in $r.unix) { $unixCalls.Add($v) }
                    $r.first
                }
                docker = { Measure-Each 10 { docker -H $sshd.Url exec $Container true } }
            })
        $charts.Add((New-Chart ssh "Per call over ssh:// (loopback sshd) next to the local socket" ms "Median of $Rounds rounds; each round a new pwsh: its first ssh:// call (which logs in), then 10 ssh:// calls alternating with 10 on the local socket; and 10 docker -H ssh:// exec." @(
            New-Bar 'Invoke-Command, local unix socket (the floor)' (Get-Median $unixCalls) -Baseline
            New-Bar 'Invoke-Command over ssh://, later calls' (Get-Median $sshCalls)
            New-Bar 'Invoke-Command over ssh://, first call of a pwsh' $sshTimes.first
            New-Bar 'docker exec over ssh://' $sshTimes.docker
        )))
    } finally {
        Stop-TestServer $sshd
    }
}
if ($isRoot -and (Test-ServerTool podman)) {
    $podman = Start-TestPodman -Image (docker inspect -f '{{.Config.Image}}' $Container)
    try {
        $env:PSDOCKER_BENCH_HOST = $podman.Sock
        $env:PSDOCKER_BENCH_CONTAINER = $podman.Container
        $onPodman = Measure-Rounds ([ordered]@{
                floor = { Invoke-GoBenchmark ExecTrueAt ms-median $perRound }
                psd   = {
                    $env:DOCKER_HOST = $podman.Sock
                    try { Measure-Each $perRound { Invoke-Command $podman.Container true } } finally { Remove-Item Env:DOCKER_HOST }
                }
            })
        $charts.Add((New-Chart podman "Per call against Podman (podman system service)" ms "$Rounds rounds of $perRound calls each, in turn; the floor is the Go engine alone against the same service." @(
            New-Bar 'Go engine alone (the floor)' $onPodman.floor -Baseline
            New-Bar 'Invoke-Command' $onPodman.psd
        )))
    } finally {
        Remove-Item Env:PSDOCKER_BENCH_HOST, Env:PSDOCKER_BENCH_CONTAINER -ErrorAction Ignore
        Stop-TestServer $podman
    }
}

$cpu = (Get-Content /proc/cpuinfo -ErrorAction Ignore | Where-Object { $_ -like 'model name*' } | Select-Object -First 1) -replace '^.*:\s*', ''
$machine = "{0} cores ({1}), {2}, Docker {3}, PowerShell {4}" -f [Environment]::ProcessorCount, $cpu,
    [System.Runtime.InteropServices.RuntimeInformation]::OSDescription, (docker version --format '{{.Server.Version}}'), $PSVersionTable.PSVersion
$results = [ordered]@{ machine = $machine; date = (Get-Date -Format 'yyyy-MM-dd'); charts = $charts }
$results | ConvertTo-Json -Depth 6 | Set-Content -LiteralPath $OutJson -Encoding utf8NoBOM
foreach ($chart in $charts) {
    $chart.bars | ForEach-Object { [pscustomobject]@{ Chart = $chart.id; What = $_.label; Value = $_.value; Unit = $chart.unit } }
}
