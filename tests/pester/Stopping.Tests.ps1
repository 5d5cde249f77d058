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

    It 'kills a process that ignores SIGTERM once the grace has passed, and returns when it is gone' {
        $like = "*trap '' TERM*"
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Invoke-Command $script:c sh -ArgumentList '-c', "trap '' TERM; while true; do sleep 1; done" -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warn
        $watch.Elapsed.TotalSeconds | Should -BeGreaterOrEqual 3 -Because 'it ignores SIGTERM, so it runs until the 2 s grace after the 1 s timeout ends'
        $err[0].Exception.Message | Should -Match 'none is left'
        $warn | Should -BeNullOrEmpty
        Get-ContainerProcess $script:c $like | Should -BeNullOrEmpty -Because 'a stop is reported once it is checked'
    }

    It 'Select-Object -First 1, 100 times with both cores busy, leaves no process behind and warns of nothing' {
        # Two busy loops, so that the daemon and the stops run on a loaded machine.
        $burners = 1..2 | ForEach-Object { Start-Process yes -RedirectStandardOutput /dev/null -PassThru }
        try {
            $warnings = [Collections.Generic.List[object]]::new()
            foreach ($i in 1..100) {
                Invoke-Command $script:c yes -WarningVariable warn | Select-Object -First 1 | Should -Be 'y'
                $warnings.AddRange(@($warn))
            }
        } finally {
            $burners | Stop-Process -Force
        }
        $warnings | Should -BeNullOrEmpty
        $LASTEXITCODE | Should -Be -1
        Get-ContainerProcess $script:c '*yes*' | Should -BeNullOrEmpty
    }

    It 'ends a first process that cleared its environment, or changed its user, and says so' {
        foreach ($case in @(
                @{ Command = 'env'; ArgumentList = '-i', 'sh', '-c', 'sleep 327; echo' }
                @{ Command = 'sh'; ArgumentList = '-c', 'env -i sleep 327' }
                @{ Command = 'su'; ArgumentList = 'app', '-c', 'sleep 327 & sleep 328; wait' })) {
            Invoke-Command $script:c @case -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue -WarningVariable warn
            $err[0].Exception.Message | Should -Match 'none is left'
            $warn | Should -BeNullOrEmpty
            Get-ContainerProcess $script:c '*sleep 32[78]*' | Should -BeNullOrEmpty -Because "$($case.Command) $($case.ArgumentList) was reported ended"
        }
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
            # After an early end of the pipeline the warning is in the warning stream too.
            Invoke-Command $bare /busybox -ArgumentList 'yes' -WarningVariable early -WarningAction SilentlyContinue | Select-Object -First 1 | Should -Be 'y'
            $early | Should -HaveCount 1
            $early[0].Message | Should -Match 'may still be running'
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
