#Requires -Version 7.4
# One command in many containers at once, as the help's examples do it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestContainers.psm1') -Force
    Import-Module $env:PSDOCKER_MODULE -Force
    $script:many = foreach ($i in 1..50) { New-TestContainer -Prefix fan }
    # Each container's hostname, to check every line against where it came from.
    $script:hostnames = @{}
    docker inspect --format '{{.Name}} {{.Config.Hostname}}' $script:many | ForEach-Object {
        $name, $hostname = $_.TrimStart('/') -split ' '
        $script:hostnames[$name] = $hostname
    }
}

AfterAll {
    Remove-TestContainer $script:many
}

Describe 'One command in many containers' {
    It 'ForEach-Object -Parallel runs it in 50 containers and keeps track of each line''s container' {
        $module = $env:PSDOCKER_MODULE
        $lines = $script:many | ForEach-Object -Parallel {
            Import-Module $using:module
            $container = $_
            Invoke-Command -Name $container -Command hostname |
                ForEach-Object { [pscustomobject]@{ Container = $container; Line = $_ } }
        } -ThrottleLimit 16
        $lines | Should -HaveCount 50
        @($lines.Container | Sort-Object -Unique) | Should -HaveCount 50
        foreach ($line in $lines) {
            $line.Line | Should -Be $script:hostnames[$line.Container] -Because $line.Container
        }
    }

    It 'Start-ThreadJob does the same, one job per container' {
        $module = $env:PSDOCKER_MODULE
        $some = $script:many | Select-Object -First 10
        $jobs = foreach ($container in $some) {
            Start-ThreadJob -Name $container -ArgumentList $module, $container -ScriptBlock {
                param($module, $container)
                Import-Module $module
                Invoke-Command -Name $container -Command hostname
            }
        }
        $lines = foreach ($job in $jobs) {
            Receive-Job -Job $job -Wait -AutoRemoveJob |
                ForEach-Object { [pscustomobject]@{ Container = $job.Name; Line = $_ } }
        }
        $lines | Should -HaveCount 10
        foreach ($line in $lines) {
            $line.Line | Should -Be $script:hostnames[$line.Container]
        }
    }
}
