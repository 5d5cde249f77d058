#Requires -Version 7.4
# Invoke-Command in real pwsh against the real daemon. build.ps1 test sets
# $env:PSDOCKER_MODULE to the freshly built out/PSDocker.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestContainers.psm1') -Force
    Import-Module $env:PSDOCKER_MODULE -Force
    $script:web = New-TestContainer -Prefix web
}

AfterAll {
    Remove-TestContainer $script:web
}

Describe 'The command' {
    It 'is exported alone, shadowing the core cmdlet' {
        (Get-Module PSDocker).ExportedCommands.Keys | Should -Be @('Invoke-Command')
        (Get-Command Invoke-Command).Source | Should -Be 'PSDocker'
        (Get-Command Microsoft.PowerShell.Core\Invoke-Command).Source | Should -Be 'Microsoft.PowerShell.Core'
    }

    It 'reports the parameter metadata of the original syntax' {
        $command = Get-Command PSDocker\Invoke-Command
        $command.ParameterSets.Count | Should -Be 1
        $expected = @{
            Name         = @{ Type = [string];   Mandatory = $true;  Position = 0 }
            Command      = @{ Type = [string];   Mandatory = $true;  Position = 1 }
            ArgumentList = @{ Type = [string[]]; Mandatory = $false; Position = [int]::MinValue }
            Timeout      = @{ Type = [int];      Mandatory = $false; Position = 3 }
            StringOutput = @{ Type = [switch];   Mandatory = $false; Position = [int]::MinValue }
        }
        foreach ($name in $expected.Keys) {
            $p = $command.Parameters[$name]
            $a = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
            $p.ParameterType | Should -Be $expected[$name].Type -Because $name
            $a.Mandatory | Should -Be $expected[$name].Mandatory -Because $name
            $a.Position | Should -Be $expected[$name].Position -Because $name
            $a.ValueFromPipeline | Should -BeFalse
            $a.ValueFromPipelineByPropertyName | Should -BeFalse
            $p.Aliases.Count | Should -Be 0
        }
    }

    It 'binds positionally: Name, Command, then Timeout' {
        Invoke-Command $script:web echo | Should -Be ''
        $err = $null
        Invoke-Command $script:web sh 1 -ArgumentList '-c', 'sleep 20' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ExecTimeout,PSDocker.InvokeCommandCommand'
    }

    It 'rejects an empty Name or Command and a negative Timeout at binding' {
        { Invoke-Command -Name '' -Command ls } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSDocker.InvokeCommandCommand'
        { Invoke-Command -Name $script:web -Command '' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSDocker.InvokeCommandCommand'
        { Invoke-Command $script:web ls -Timeout -1 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,PSDocker.InvokeCommandCommand'
    }

    It 'is reachable with a prefix' {
        Import-Module $env:PSDOCKER_MODULE -Prefix Docker -Force
        try {
            (Get-Command Invoke-DockerCommand).Source | Should -Be 'PSDocker'
            Invoke-DockerCommand $script:web echo -ArgumentList x | Should -Be 'x'
        } finally {
            Import-Module $env:PSDOCKER_MODULE -Force
        }
    }
}

Describe 'Output' {
    It 'writes stdout line by line as strings' {
        $out = Invoke-Command -Name $script:web -Command sh -ArgumentList '-c', "printf 'a\r\nb\n\nc'"
        $out | Should -Be @('a', 'b', '', 'c')
        $out | ForEach-Object { $_ | Should -BeOfType [string] }
    }

    It 'streams: the first line arrives before the command ends' {
        # The command waits for a file the pipeline creates on seeing "a": without streaming it would time out.
        $script = 'echo a; while [ ! -e /tmp/go ]; do sleep 0.05; done; echo b'
        $seen = Invoke-Command $script:web sh 20 -ArgumentList '-c', $script | ForEach-Object {
            if ($_ -eq 'a') { docker exec $script:web touch /tmp/go }
            $_
        }
        $seen | Should -Be @('a', 'b')
        $LASTEXITCODE | Should -Be 0
    }

    It 'passes argv verbatim, with no shell' {
        $arguments = 'a b', '"q"', '$HOME', 'x;y', '', 'ünï ✓', "'s'", '*'
        Invoke-Command $script:web printf -ArgumentList (@('[%s]\n') + $arguments) | Should -Be ($arguments | ForEach-Object { "[$_]" })
    }

    It 'decodes UTF-8 split across frames and replaces invalid bytes' {
        Invoke-Command $script:web sh -ArgumentList '-c', "printf '\303'; sleep 0.2; printf '\251 \377\n'" | Should -Be "é $([char]0xFFFD)"
    }

    It 'handles lines longer than 64 KiB' {
        $line = Invoke-Command $script:web sh -ArgumentList '-c', "head -c 200000 /dev/zero | tr '\0' x"
        $line.Length | Should -Be 200000
    }

    It '-StringOutput returns one string without the trailing newline' {
        $s = Invoke-Command -Name $script:web -Command cat -ArgumentList /etc/hostname -StringOutput
        @($s).Count | Should -Be 1
        $s | Should -Be (docker exec $script:web cat /etc/hostname)
        Invoke-Command $script:web sh -ArgumentList '-c', "printf 'x\r\n\r\n'" -StringOutput | Should -Be "x`r`n"
        Invoke-Command $script:web true -StringOutput | Should -BeExactly ''
    }

    It 'stops reading when the pipeline needs no more' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Invoke-Command $script:web sh -ArgumentList '-c', 'echo first; sleep 30' | Select-Object -First 1 | Should -Be 'first'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'the 30 s sleep must not be waited for'
    }

    It 'writes the endpoint, exec ID and exit code to the verbose stream' {
        $verbose = Invoke-Command $script:web true -Verbose 4>&1 | ForEach-Object Message
        ($verbose -join "`n") | Should -Match 'unix://'
        ($verbose -join "`n") | Should -Match 'exec [0-9a-f]{64}'
        ($verbose -join "`n") | Should -Match 'exit code 0'
    }
}

Describe 'stderr and exit codes' {
    It 'writes stderr lines to the error stream in order with stdout' {
        $all = Invoke-Command $script:web sh -ArgumentList '-c', 'echo o1; sleep 0.2; echo e1 >&2; sleep 0.2; echo o2' 2>&1
        $all | ForEach-Object { "$_" } | Should -Be @('o1', 'e1', 'o2')
        $all[1] | Should -BeOfType [System.Management.Automation.ErrorRecord]
        Invoke-Command $script:web sh -ArgumentList '-c', 'echo e1 >&2; echo o1' 2>$null | Should -Be 'o1'
        $LASTEXITCODE | Should -Be 0
    }

    It 'sets $LASTEXITCODE and writes one error for a nonzero exit' {
        $err = $null
        Invoke-Command $script:web sh -ArgumentList '-c', 'exit 3' -ErrorVariable err -ErrorAction SilentlyContinue
        $LASTEXITCODE | Should -Be 3
        $err.Count | Should -Be 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ProgramExitedWithNonZeroCode,PSDocker.InvokeCommandCommand'
        $err[0].Exception.ExitCode | Should -Be 3
        $err[0].Exception.Message | Should -Match $script:web
        $err[0].Exception.Message | Should -Match "'sh'"
        $err[0].TargetObject | Should -Be $script:web
    }

    It 'with -ErrorAction Stop, stderr does not terminate but a nonzero exit does and carries stderr' {
        Invoke-Command $script:web sh -ArgumentList '-c', 'echo warn >&2; echo ok' -ErrorAction Stop 2>$null | Should -Be 'ok'
        $caught = $null
        try {
            Invoke-Command $script:web sh -ArgumentList '-c', 'echo boom >&2; exit 2' -ErrorAction Stop
        } catch {
            $caught = $_
        }
        $caught.Exception.ExitCode | Should -Be 2
        $caught.Exception.StandardError | Should -Be @('boom')
    }
}

Describe 'Errors' {
    It 'no such container' {
        $name = "psd-missing-$([guid]::NewGuid().ToString('N'))"
        Invoke-Command $name true -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.InvokeCommandCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].TargetObject | Should -Be $name
    }

    It 'stopped and paused containers' {
        $stopped = New-TestContainer -Prefix stopped -Stopped
        $paused = New-TestContainer -Prefix paused
        docker pause $paused | Out-Null
        try {
            Invoke-Command $stopped true -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'ContainerNotRunning,PSDocker.InvokeCommandCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            Invoke-Command $paused true -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'ContainerPaused,PSDocker.InvokeCommandCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        } finally {
            docker unpause $paused | Out-Null
            Remove-TestContainer $stopped, $paused
        }
    }

    It 'executable not found: the daemon text is the error, not output' {
        $out = Invoke-Command $script:web no-such-command -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err[0].FullyQualifiedErrorId | Should -Be 'CommandNotFound,PSDocker.InvokeCommandCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -Match 'executable file not found'
        $LASTEXITCODE | Should -BeIn 126, 127
    }

    It 'suggests sh -c when Command looks like a command line' {
        Invoke-Command $script:web 'ls -la /' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].Exception.Message | Should -BeLike "*-Command sh -ArgumentList '-c', 'ls -la /'*"
    }

    It 'not executable' {
        Invoke-Command $script:web /etc/passwd -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'CommandNotExecutable,PSDocker.InvokeCommandCommand'
        $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
    }

    It 'timeout ends the process and says so' {
        Invoke-Command $script:web sleep -ArgumentList 30 -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ExecTimeout,PSDocker.InvokeCommandCommand'
        $err[0].CategoryInfo.Category | Should -Be 'OperationTimeout'
        $err[0].Exception.Message | Should -Match 'within 1 s'
        $err[0].Exception.Message | Should -Match 'SIGTERM'
        $LASTEXITCODE | Should -Be -1
    }

    It '-StringOutput writes what arrived before a timeout, then the error' {
        $s = Invoke-Command $script:web sh -ArgumentList '-c', "printf 'a\nb'; sleep 30" -StringOutput -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
        $s | Should -BeExactly "a`nb"
        $err[0].FullyQualifiedErrorId | Should -Be 'ExecTimeout,PSDocker.InvokeCommandCommand'
    }

    It '$env:DOCKER_HOST set in the session takes effect on the next call' {
        $saved = $env:DOCKER_HOST
        try {
            $env:DOCKER_HOST = 'unix:///nonexistent/psdocker.sock'
            Invoke-Command $script:web true -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'DaemonUnreachable,PSDocker.InvokeCommandCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $err[0].Exception.Message | Should -Match 'unix:///nonexistent/psdocker.sock'
            $err[0].Exception.Message | Should -Match 'DOCKER_HOST'
            # Nothing ran, and -Verbose says so instead of naming an empty exec ID.
            $verbose = (Invoke-Command $script:web true -Verbose -ErrorAction SilentlyContinue 4>&1 | ForEach-Object Message) -join "`n"
            $verbose | Should -Match 'No exec in container'
            $verbose | Should -Not -Match 'Exec  in'
        } finally {
            $env:DOCKER_HOST = $saved
        }
        Invoke-Command $script:web echo -ArgumentList back | Should -Be 'back'
    }
}

Describe 'Stopping' {
    It 'Stop() (Ctrl+C) returns promptly and releases the command' {
        $ps = [PowerShell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$env:PSDOCKER_MODULE'; Invoke-Command '$($script:web)' sleep -ArgumentList 30")
            $async = $ps.BeginInvoke()
            Start-Sleep -Milliseconds 1000
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 5 -Because 'StopProcessing stops the command, which ends the read'
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        } finally {
            $ps.Dispose()
        }
    }
}

Describe 'Defects fixed (issue 11)' {
    It 'a timeout before the exec started is ExecTimeout, not DaemonUnreachable' {
        # Accepts connections (the kernel's backlog) and never answers.
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $saved = $env:DOCKER_HOST
        try {
            $env:DOCKER_HOST = "tcp://127.0.0.1:$($listener.LocalEndpoint.Port)"
            foreach ($i in 1..3) {
                Invoke-Command $script:web true -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue
                $err | Should -HaveCount 1
                $err[0].FullyQualifiedErrorId | Should -Be 'ExecTimeout,PSDocker.InvokeCommandCommand'
                $LASTEXITCODE | Should -Be -1
            }
        } finally {
            $env:DOCKER_HOST = $saved
            $listener.Stop()
        }
    }

    It 'stdout that looks like a start error is neither held back nor lost' {
        $all = Invoke-Command $script:web sh -ArgumentList '-c', "echo 'OCI runtime exec failed: x'; sleep 0.3; echo e >&2" 2>&1
        $all | ForEach-Object { "$_" } | Should -Be @('OCI runtime exec failed: x', 'e')
        Invoke-Command $script:web sh -ArgumentList '-c', 'printf OCI; sleep 30' -Timeout 1 -ErrorAction SilentlyContinue | Should -Be 'OCI'
    }

    It '$LASTEXITCODE is set after an early end of the pipeline too' {
        Invoke-Command $script:web sh -ArgumentList '-c', 'exit 7' -ErrorAction SilentlyContinue
        $LASTEXITCODE | Should -Be 7
        Invoke-Command $script:web sh -ArgumentList '-c', 'echo a; echo b; sleep 5' | Select-Object -First 1 | Should -Be 'a'
        $LASTEXITCODE | Should -Be -1
    }

    It 'final partial lines keep their arrival order' {
        $all = Invoke-Command $script:web sh -ArgumentList '-c', 'printf err >&2; sleep 0.3; printf out' 2>&1
        $all | ForEach-Object { "$_" } | Should -Be @('err', 'out')
    }
}
