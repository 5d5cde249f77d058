#Requires -Version 7.4
<#
.SYNOPSIS
    Times PSDocker against the docker CLI from one pwsh session (build.ps1 bench).
.DESCRIPTION
    Per-call latency of Invoke-Command <container> true over -Count calls next
    to docker exec <container> true; how fast a stop returns: an early end
    of the pipeline (Select-Object -First 1) and PowerShell.Stop() (Ctrl+C);
    and 100 early stops of `yes` in a row: time per call and processes left.
#>
param(
    [Parameter(Mandatory)] [string] $Module,
    [Parameter(Mandatory)] [string] $Container,
    [int] $Count = 100
)
$ErrorActionPreference = 'Stop'
Import-Module $Module

function Measure-Calls([string] $Label, [scriptblock] $Call) {
    & $Call | Out-Null # warm up: first load, connection, API version negotiation
    $times = foreach ($i in 1..$Count) { (Measure-Command { & $Call | Out-Null }).TotalMilliseconds }
    $sorted = $times | Sort-Object
    [pscustomobject]@{
        What     = $Label
        Calls    = $Count
        MeanMs   = [math]::Round(($times | Measure-Object -Average).Average, 2)
        MedianMs = [math]::Round($sorted[[int]($Count / 2)], 2)
        P95Ms    = [math]::Round($sorted[[math]::Min($Count - 1, [int]($Count * 0.95))], 2)
    }
}

Measure-Calls "Invoke-Command $Container true" { Invoke-Command $Container true }
Measure-Calls "docker exec $Container true" { docker exec $Container true }

$first = Measure-Command { Invoke-Command $Container sh -ArgumentList '-c', 'echo first; sleep 30' | Select-Object -First 1 }
$ps = [PowerShell]::Create().AddScript("Import-Module '$Module'; Invoke-Command '$Container' sleep -ArgumentList 30")
$null = $ps.BeginInvoke()
Start-Sleep -Milliseconds 1000
$stop = Measure-Command { $ps.Stop() }
$ps.Dispose()
[pscustomobject]@{ What = 'Select-Object -First 1 returns after'; Calls = 1; MeanMs = [math]::Round($first.TotalMilliseconds, 1); MedianMs = $null; P95Ms = $null }
[pscustomobject]@{ What = 'Stop() (Ctrl+C) returns after'; Calls = 1; MeanMs = [math]::Round($stop.TotalMilliseconds, 1); MedianMs = $null; P95Ms = $null }

# 100 early ends of a command that never stops by itself: each must end it.
$early = Measure-Command { foreach ($i in 1..100) { Invoke-Command $Container yes | Select-Object -First 1 | Out-Null } }
Start-Sleep -Seconds 3 # the stop's grace (2 s) + 1 s
$left = @(docker exec $Container ps -o stat,args | Select-Object -Skip 1 | Where-Object { $_.Trim() -notlike 'Z*' -and $_ -like '*yes*' }).Count
[pscustomobject]@{ What = "yes | Select-Object -First 1, 100 times (then $left yes left)"; Calls = 100; MeanMs = [math]::Round($early.TotalMilliseconds / 100, 1); MedianMs = $null; P95Ms = $null }
