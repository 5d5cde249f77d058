# Containers for the Pester suites: unique names, the test image, removed by the caller.
$script:Image = 'psdocker-test:busybox'

function New-TestContainer {
    param([string] $Prefix = 'pester', [switch] $Stopped)
    $name = "psd-$Prefix-$([guid]::NewGuid().ToString('N').Substring(0, 12))"
    if ($Stopped) {
        docker create --network none --name $name $script:Image sleep 86400 | Out-Null
    } else {
        docker run -d --network none --name $name $script:Image sleep 86400 | Out-Null
    }
    if ($LASTEXITCODE -ne 0) { throw "cannot create container $name" }
    $name
}

function Remove-TestContainer {
    param([string[]] $Name)
    foreach ($n in $Name) { docker rm -f $n 2>&1 | Out-Null }
}

Export-ModuleMember -Function New-TestContainer, Remove-TestContainer
