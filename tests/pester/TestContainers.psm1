# Containers for the Pester suites: unique names, the test image, removed by the caller.
$script:Image = 'psdocker-test:busybox'

function New-TestContainer {
    # -NoNetwork: for tests that need none; they then do not depend on docker0.
    param([string] $Prefix = 'pester', [switch] $Stopped, [switch] $NoNetwork)
    $name = "psd-$Prefix-$([guid]::NewGuid().ToString('N').Substring(0, 12))"
    $network = if ($NoNetwork) { @('--network', 'none') } else { @() }
    if ($Stopped) {
        docker create --name $name @network $script:Image sleep 86400 | Out-Null
    } else {
        docker run -d --name $name @network $script:Image sleep 86400 | Out-Null
    }
    if ($LASTEXITCODE -ne 0) { throw "cannot create container $name" }
    $name
}

function Remove-TestContainer {
    param([string[]] $Name)
    foreach ($n in $Name) { docker rm -f $n 2>&1 | Out-Null }
}

Export-ModuleMember -Function New-TestContainer, Remove-TestContainer
