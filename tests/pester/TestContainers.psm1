# Containers for the Pester suites: unique names, the test images, removed by
# the caller. No network: the tests need none.
$script:Image = 'psdocker-test:busybox'

function New-TestContainer {
    param(
        [string] $Prefix = 'pester',
        [switch] $Stopped,
        [string] $User,
        # psdocker-test:noshell has no /bin/sh and no sleep on PATH: its own CMD idles.
        [string] $Image = $script:Image
    )
    $name = "psd-$Prefix-$([guid]::NewGuid().ToString('N').Substring(0, 12))"
    $options = @('--network', 'none', '--name', $name)
    if ($User) { $options += '--user', $User }
    $command = if ($Image -eq $script:Image) { @('sleep', '86400') } else { @() }
    if ($Stopped) {
        docker create @options $Image @command | Out-Null
    } else {
        docker run -d @options $Image @command | Out-Null
    }
    if ($LASTEXITCODE -ne 0) { throw "cannot create container $name" }
    $name
}

function Remove-TestContainer {
    param([string[]] $Name)
    foreach ($n in $Name) { docker rm -f $n 2>&1 | Out-Null }
}

# The live (not zombie) processes in a container whose command line is -like
# $Like, seen from outside with ps in another docker exec, as a user would.
function Get-ContainerProcess {
    param([string] $Name, [string] $Like, [string[]] $Ps = @('ps'))
    docker exec $Name @Ps -o stat,args | Select-Object -Skip 1 |
        Where-Object { $_.Trim() -notlike 'Z*' -and $_ -like $Like }
}

# Waits until no such process is left; throws after $Seconds (the stop's
# promise: grace 2 s + 1 s).
function Wait-ContainerProcessGone {
    param([string] $Name, [string] $Like, [double] $Seconds = 3)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    while (@(Get-ContainerProcess -Name $Name -Like $Like).Count -gt 0) {
        if ($watch.Elapsed.TotalSeconds -gt $Seconds) {
            throw "processes like '$Like' still run in $Name $($watch.Elapsed.TotalSeconds) s later: $(Get-ContainerProcess -Name $Name -Like $Like)"
        }
        Start-Sleep -Milliseconds 100
    }
}

# Waits (10 s at most) until exactly $Count such processes run.
function Wait-ContainerProcessCount {
    param([string] $Name, [string] $Like, [int] $Count = 1)
    $watch = [Diagnostics.Stopwatch]::StartNew()
    while (@(Get-ContainerProcess -Name $Name -Like $Like).Count -ne $Count) {
        if ($watch.Elapsed.TotalSeconds -gt 10) { throw "never $Count processes like '$Like' in $Name" }
        Start-Sleep -Milliseconds 100
    }
}

Export-ModuleMember -Function New-TestContainer, Remove-TestContainer, Get-ContainerProcess,
    Wait-ContainerProcessGone, Wait-ContainerProcessCount
