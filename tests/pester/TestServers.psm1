# Extra servers for Endpoints.Tests.ps1, from tests/servers/*.sh (the Go and
# xunit suites use the same scripts). Each returns what a test needs and is
# stopped with Stop-TestServer.
$script:Scripts = Join-Path $PSScriptRoot '..' 'servers'

function Test-ServerTool {
    param([string[]] $Name)
    foreach ($n in $Name) {
        if (-not (Get-Command $n -ErrorAction Ignore) -and -not (Test-Path "/usr/sbin/$n")) { return $false }
    }
    return $true
}

function Get-FreePort {
    $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
    $listener.Start()
    try { $listener.LocalEndpoint.Port } finally { $listener.Stop() }
}

function New-ServerDir {
    param([string] $Kind)
    $dir = Join-Path ([IO.Path]::GetTempPath()) "psd-$Kind-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    New-Item -ItemType Directory -Path $dir | Out-Null
    $dir
}

function Invoke-ServerScript {
    param([string] $Name, [string[]] $ArgumentList)
    $out = & bash (Join-Path $script:Scripts $Name) @ArgumentList
    if (($code = $LASTEXITCODE) -ne 0) {
        & bash (Join-Path $script:Scripts $Name) stop $ArgumentList[1] 2>&1 | Out-Null
        throw "$Name $($ArgumentList -join ' ') exited $code"
    }
    "$out".Trim()
}

# A second dockerd: unix socket, and TLS with verification on 127.0.0.1.
function Start-TestDockerd {
    param([string] $Image)
    $dir = New-ServerDir dockerd
    $port = Get-FreePort
    Invoke-ServerScript dockerd.sh 'start', $dir, "$port", $Image | Out-Null
    [pscustomobject]@{ Script = 'dockerd.sh'; Dir = $dir; Sock = "unix://$dir/docker.sock"; Tcp = "tcp://127.0.0.1:$port"; Tls = "$dir/tls" }
}

# sshd on 127.0.0.1 with a key-only test user in group docker.
function Start-TestSshd {
    $dir = New-ServerDir sshd
    $port = Get-FreePort
    $user, $alias = (Invoke-ServerScript sshd.sh 'start', $dir, "$port") -split ' '
    [pscustomobject]@{ Script = 'sshd.sh'; Dir = $dir; Url = "ssh://$user@${alias}:$port"; User = $user; Alias = $alias; Port = $port }
}

# podman system service with a running container started by podman.
function Start-TestPodman {
    param([string] $Image)
    $dir = New-ServerDir podman
    $name = Invoke-ServerScript podman.sh 'start', $dir, $Image
    [pscustomobject]@{ Script = 'podman.sh'; Dir = $dir; Sock = "unix://$dir/podman.sock"; Container = $name }
}

function Stop-TestServer {
    param($Server)
    if ($Server) { & bash (Join-Path $script:Scripts $Server.Script) stop $Server.Dir 2>&1 | Out-Null }
}

Export-ModuleMember -Function Test-ServerTool, Start-TestDockerd, Start-TestSshd, Start-TestPodman, Stop-TestServer
