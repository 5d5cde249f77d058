#Requires -Version 7.4
# A stop (-Timeout, Ctrl+C, an early end of the pipeline) ends the command's
# processes in the container: SIGTERM, then SIGKILL after 2 s. Checked from
# outside with ps, as a user would.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestContainers.psm1') -Force
    Import-Module $env:PSDOCKER_MODULE -Force
    $script:c = New-TestContainer -Prefix stop
}

AfterAll {
    Remove-TestContainer $script:c
}

Describe 'A stop ends the process' {
    It '-Timeout ends the command and every process it started, and says so' {
        Invoke-Command $script:c sh -ArgumentList '-c', 'sleep 321 & sleep 322; wait' -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ExecTimeout,PSDocker.InvokeCommandCommand'
        $err[0].Exception.Message | Should -Match 'PSDocker ended it'
        $LASTEXITCODE | Should -Be -1
        Wait-ContainerProcessGone $script:c '*sleep 32[12]*'
        Get-ContainerProcess $script:c '*sh -c sleep*' | Should -BeNullOrEmpty
    }

    It 'kills a process that ignores SIGTERM once the grace has passed' {
        Invoke-Command $script:c sh -ArgumentList '-c', "trap '' TERM; while true; do sleep 1; done" -Timeout 1 -ErrorAction SilentlyContinue
        Start-Sleep -Milliseconds 800
        # Not just '*trap*': the stop's own script, running meanwhile, has a trap too.
        $like = "*trap '' TERM*"
        @(Get-ContainerProcess $script:c $like).Count | Should -Be 1 -Because 'it ignores SIGTERM, so it runs until the 2 s grace ends'
        Wait-ContainerProcessGone $script:c $like
    }

    It 'Select-Object -First 1, 100 times, leaves no process behind' {
        foreach ($i in 1..100) {
            Invoke-Command $script:c yes | Select-Object -First 1 | Should -Be 'y'
        }
        $LASTEXITCODE | Should -Be -1
        Wait-ContainerProcessGone $script:c '*yes*'
    }

    It 'Ctrl+C (Stop()) returns promptly and ends the process' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Invoke-Command '$($script:c)' sleep -ArgumentList 323")
            $null = $ps.BeginInvoke()
            Wait-ContainerProcessCount $script:c '*sleep 323*' 1
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            Wait-ContainerProcessGone $script:c '*sleep 323*'
        } finally {
            $ps.Dispose()
        }
    }

    It 'stopping one of two identical commands leaves the other running' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Invoke-Command '$($script:c)' sleep -ArgumentList 324")
            $null = $ps.BeginInvoke()
            Wait-ContainerProcessCount $script:c '*sleep 324*' 1
            Invoke-Command $script:c sleep -ArgumentList 324 -Timeout 1 -ErrorAction SilentlyContinue
            Start-Sleep -Seconds 3
            @(Get-ContainerProcess $script:c '*sleep 324*').Count | Should -Be 1
        } finally {
            $ps.Stop()
            $ps.Dispose()
        }
        Wait-ContainerProcessGone $script:c '*sleep 324*'
    }

    It 'works when the container runs as a non-root user' {
        $user = New-TestContainer -Prefix user -User '1000:1000'
        try {
            Invoke-Command $user sh -ArgumentList '-c', 'id -u; sleep 325' -Timeout 1 -ErrorAction SilentlyContinue | Should -Be '1000'
            Wait-ContainerProcessGone $user '*sleep 325*'
        } finally {
            Remove-TestContainer $user
        }
    }

    It 'in an image without /bin/sh, the call works and a stop warns that the process may still run' {
        $bare = New-TestContainer -Prefix noshell -Image 'psdocker-test:noshell'
        try {
            Invoke-Command $bare /busybox -ArgumentList 'echo', 'hi' | Should -Be 'hi'
            Invoke-Command $bare /busybox -ArgumentList 'sleep', '326' -Timeout 1 -ErrorVariable err -WarningVariable warn -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'ExecTimeout,PSDocker.InvokeCommandCommand'
            $err[0].Exception.Message | Should -Match 'could not end it'
            $warn | Should -HaveCount 1
            $warn[0].Message | Should -Match 'may still be running'
            $warn[0].Message | Should -Match 'PSDOCKER_EXEC_ID=[0-9a-f]{32}'
            @(Get-ContainerProcess $bare '*sleep 326*' -Ps '/busybox', 'ps').Count | Should -Be 1
        } finally {
            Remove-TestContainer $bare
        }
    }

    It 'a command that ends by itself sees one extra variable, and nothing else changes' {
        $marker = Invoke-Command $script:c sh -ArgumentList '-c', 'echo "$PSDOCKER_EXEC_ID"'
        $marker | Should -Match '^[0-9a-f]{32}$'
        $all = Invoke-Command $script:c sh -ArgumentList '-c', 'echo out; sleep 0.2; echo err >&2; exit 4' 2>&1
        $all | ForEach-Object { "$_" } | Select-Object -First 2 | Should -Be @('out', 'err')
        $all | Should -HaveCount 3
        $all[2].FullyQualifiedErrorId | Should -Be 'ProgramExitedWithNonZeroCode,PSDocker.InvokeCommandCommand'
        $LASTEXITCODE | Should -Be 4
    }
}
