#Requires -Version 7.4
# How Invoke-Command finds the daemon, against real servers that each Describe
# starts and stops: a second dockerd (unix and TLS), sshd, podman. Contexts
# are made by the docker CLI itself, in a DOCKER_CONFIG of the file's own, so
# the real ~/.docker is never touched.

BeforeDiscovery {
    $isRoot = (id -u) -eq '0'
    $canDockerd = $isRoot -and ((Test-Path /usr/sbin/dockerd) -or (Test-Path /usr/bin/dockerd)) -and [bool](Get-Command openssl -ErrorAction Ignore) -and [bool](Get-Command ip -ErrorAction Ignore)
    $canSsh = $isRoot -and (Test-Path /usr/sbin/sshd) -and [bool](Get-Command ssh -ErrorAction Ignore)
    $canPodman = $isRoot -and [bool](Get-Command podman -ErrorAction Ignore)
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestContainers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot 'TestServers.psm1') -Force
    Import-Module $env:PSDOCKER_MODULE -Force
    $script:image = 'psdocker-test:busybox'
    $script:names = 'DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS'
    $script:saved = @{}
    foreach ($n in $script:names) { $script:saved[$n] = [Environment]::GetEnvironmentVariable($n) }
    $script:config = Join-Path ([IO.Path]::GetTempPath()) "psd-config-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $script:config | Out-Null

    # Every test, and every Describe's setup (whose server scripts run the docker
    # CLI), starts from: nothing set but a DOCKER_CONFIG of our own. Pester has no
    # BeforeEach at the root of a file, so each Describe calls it.
    function Reset-DockerEnvironment {
        foreach ($n in $script:names) { [Environment]::SetEnvironmentVariable($n, $null) }
        $env:DOCKER_CONFIG = $script:config
    }

    # A simple function, so -H, -d and --docker reach docker untouched through $args.
    function Invoke-Docker {
        $out = & docker @args 2>&1
        if ($LASTEXITCODE -ne 0) { throw "docker $($args -join ' ') exited ${LASTEXITCODE}: $out" }
        $out
    }

    Reset-DockerEnvironment
    $script:web = New-TestContainer -Prefix endpoints
}

AfterAll {
    Reset-DockerEnvironment
    Remove-TestContainer $script:web
    foreach ($n in $script:names) { [Environment]::SetEnvironmentVariable($n, $script:saved[$n]) }
    Remove-Item -Recurse -Force $script:config -ErrorAction Ignore
}

Describe 'Contexts and TLS, with a second dockerd' -Skip:(-not $canDockerd) {
    BeforeEach {
        Reset-DockerEnvironment
    }

    BeforeAll {
        Reset-DockerEnvironment
        $script:second = Start-TestDockerd -Image $script:image
        $script:there = "psd-there-$([guid]::NewGuid().ToString('N').Substring(0, 12))"
        Invoke-Docker -H $script:second.Sock run -d --network none --name $script:there $script:image sleep 86400 | Out-Null
        Invoke-Docker context create second --docker "host=$($script:second.Sock)" | Out-Null
        $tls = $script:second.Tls
        Invoke-Docker context create tls --docker "host=$($script:second.Tcp),ca=$tls/client/ca.pem,cert=$tls/client/cert.pem,key=$tls/client/key.pem" | Out-Null
        Invoke-Docker context create wrongca --docker "host=$($script:second.Tcp),ca=$tls/wrong/ca.pem,cert=$tls/wrong/cert.pem,key=$tls/wrong/key.pem" | Out-Null
    }

    AfterAll {
        Reset-DockerEnvironment
        Stop-TestServer $script:second
    }

    It 'follows $env:DOCKER_CONTEXT, and -Verbose names the context and the endpoint' {
        $env:DOCKER_CONTEXT = 'second'
        Invoke-Command $script:there echo -ArgumentList ctx | Should -Be 'ctx'
        $verbose = (Invoke-Command $script:there true -Verbose 4>&1 | ForEach-Object Message) -join "`n"
        $verbose | Should -BeLike "*$($script:second.Sock)*"
        $verbose | Should -BeLike '*context "second"*DOCKER_CONTEXT*'
    }

    It 'follows docker context use, from the next call on' {
        Invoke-Docker context use second | Out-Null
        try {
            Invoke-Command $script:there echo -ArgumentList used | Should -Be 'used'
        } finally {
            Invoke-Docker context use default | Out-Null
        }
        Invoke-Command $script:there true -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.InvokeCommandCommand'
        Invoke-Command $script:web echo -ArgumentList main | Should -Be 'main'
    }

    It '-Context chooses the daemon for one call, over DOCKER_HOST and DOCKER_CONTEXT; default is the default' {
        $env:DOCKER_HOST = 'unix:///nonexistent/psd-not-this.sock'
        Invoke-Command -Context second $script:there echo -ArgumentList percall | Should -Be 'percall'
        $verbose = (Invoke-Command -Context second $script:there true -Verbose 4>&1 | ForEach-Object Message) -join "`n"
        $verbose | Should -BeLike '*context "second", chosen for this call*'
        Remove-Item Env:DOCKER_HOST
        $env:DOCKER_CONTEXT = 'wrongca'
        Invoke-Command -Context default $script:web echo -ArgumentList default | Should -Be 'default'
        Invoke-Command -Context psd-no-such-context $script:web true -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ContextNotFound,PSDocker.InvokeCommandCommand'
    }

    It 'completes -Name from the daemon of the -Context on the same command line' {
        $line = "Invoke-Command -Context second -Name $($script:there.Substring(0, 12))"
        $found = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
        $found.CompletionText | Should -Contain $script:there
        $line = "Invoke-Command -Name $($script:there.Substring(0, 12))"
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Not -Contain $script:there
    }

    It 'two contexts at once from parallel runspaces: 200 interleaved calls, each output from its own daemon' {
        $module = $env:PSDOCKER_MODULE
        $hostnames = @{
            default = docker inspect -f '{{.Config.Hostname}}' $script:web
            second  = Invoke-Docker -H $script:second.Sock inspect -f '{{.Config.Hostname}}' $script:there
        }
        $names = @{ default = $script:web; second = $script:there }
        $results = 1..200 | ForEach-Object -ThrottleLimit 16 -Parallel {
            Import-Module $using:module
            $context = if ($_ % 2) { 'second' } else { 'default' }
            [pscustomobject]@{ Context = $context; Hostname = Invoke-Command -Context $context ($using:names)[$context] hostname }
        }
        $results | Should -HaveCount 200
        foreach ($r in $results) { $r.Hostname | Should -Be $hostnames[$r.Context] }
    }

    It 'lets $env:DOCKER_HOST override the context' {
        $env:DOCKER_CONTEXT = 'second'
        $env:DOCKER_HOST = 'unix:///var/run/docker.sock'
        Invoke-Command $script:web echo -ArgumentList host | Should -Be 'host'
    }

    It 'reaches a TLS daemon through a context, and through DOCKER_TLS_VERIFY and DOCKER_CERT_PATH' {
        $env:DOCKER_CONTEXT = 'tls'
        Invoke-Command $script:there echo -ArgumentList tls | Should -Be 'tls'
        Reset-DockerEnvironment
        $env:DOCKER_HOST = $script:second.Tcp
        $env:DOCKER_TLS_VERIFY = '1'
        $env:DOCKER_CERT_PATH = "$($script:second.Tls)/client"
        Invoke-Command $script:there echo -ArgumentList tlsenv | Should -Be 'tlsenv'
    }

    It 'refuses a daemon signed by another CA with a SecurityError, and runs nothing' {
        $env:DOCKER_CONTEXT = 'wrongca'
        $out = Invoke-Command $script:there echo -ArgumentList leaked -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'TLSError,PSDocker.InvokeCommandCommand'
        $err[0].CategoryInfo.Category | Should -Be 'SecurityError'
        $err[0].Exception.Message | Should -BeLike '*unknown authority*'
        $err[0].Exception.Message | Should -BeLike '*context "wrongca"*'
        $LASTEXITCODE | Should -Be -1
    }
}

Describe 'ssh://' -Skip:(-not $canSsh) {
    BeforeEach {
        Reset-DockerEnvironment
    }

    BeforeAll {
        Reset-DockerEnvironment
        $script:sshd = Start-TestSshd
    }

    AfterAll {
        Reset-DockerEnvironment
        Stop-TestServer $script:sshd
    }

    It 'runs through DOCKER_HOST=ssh:// and through an ssh context' {
        $env:DOCKER_HOST = $script:sshd.Url
        Invoke-Command $script:web echo -ArgumentList viassh | Should -Be 'viassh'
        Reset-DockerEnvironment
        Invoke-Docker context create overssh --docker "host=$($script:sshd.Url)" | Out-Null
        $env:DOCKER_CONTEXT = 'overssh'
        Invoke-Command $script:web sh -ArgumentList '-c', 'echo e >&2; exit 4' -ErrorVariable err -ErrorAction SilentlyContinue 2>$null
        $LASTEXITCODE | Should -Be 4
        $err[-1].FullyQualifiedErrorId | Should -Be 'ProgramExitedWithNonZeroCode,PSDocker.InvokeCommandCommand'
    }

    It "carries ssh's own error when the login fails" {
        $env:DOCKER_HOST = "ssh://nosuchuser@$($script:sshd.Alias):$($script:sshd.Port)"
        Invoke-Command $script:web true -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DaemonUnreachable,PSDocker.InvokeCommandCommand'
        $err[0].Exception.Message | Should -BeLike '*Permission denied (publickey)*'
    }

    It 'keeps one ssh connection for all calls, and ends it when pwsh exits' {
        # sshd logs one line a login: the calls of one pwsh share a single one.
        $log = Join-Path $script:sshd.Dir 'sshd.log'
        $accepted = { @(Select-String -LiteralPath $log -SimpleMatch "Accepted publickey for $($script:sshd.User)").Count }
        $before = & $accepted
        $pwsh = Join-Path $PSHOME 'pwsh'
        $script = @"
Import-Module '$($env:PSDOCKER_MODULE)'
`$env:DOCKER_HOST = '$($script:sshd.Url)'
1..5 | ForEach-Object { Invoke-Command '$($script:web)' echo -ArgumentList call`$_ }
'pid=' + `$PID
'masters=' + @(pgrep -f "psdocker-ssh-`$PID-.* -M ").Count
"@
        $out = & $pwsh -NoProfile -NonInteractive -Command $script
        $out[0..4] | Should -Be @('call1', 'call2', 'call3', 'call4', 'call5')
        $out | Should -Contain 'masters=1'
        (& $accepted) - $before | Should -Be 1
        $child = ($out | Where-Object { $_ -like 'pid=*' }) -replace 'pid=', ''
        # The master is told by the kernel (PR_SET_PDEATHSIG) when that pwsh ends.
        $deadline = [datetime]::UtcNow.AddSeconds(5)
        while ((pgrep -f "psdocker-ssh-$child-") -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
        pgrep -f "psdocker-ssh-$child-" | Should -BeNullOrEmpty
    }

    It 'keeps exit codes right when ssh children and native commands interleave' {
        $env:DOCKER_HOST = $script:sshd.Url
        for ($i = 0; $i -lt 5; $i++) {
            # A .NET child ends while Go's ssh child carries a call.
            $overlapping = Start-Process -FilePath /bin/sh -ArgumentList '-c "sleep 0.1; exit 5"' -PassThru
            Invoke-Command $script:web sh -ArgumentList '-c', "sleep 0.3; echo $i; exit 3" -ErrorAction SilentlyContinue | Should -Be "$i"
            $LASTEXITCODE | Should -Be 3
            $overlapping.WaitForExit()
            $overlapping.ExitCode | Should -Be 5

            /bin/true
            $LASTEXITCODE | Should -Be 0
            /bin/sh -c 'exit 7'
            $LASTEXITCODE | Should -Be 7
            docker version --format '{{.Server.Version}}' | Out-Null
            $LASTEXITCODE | Should -Be 0
            (Start-Process -FilePath /bin/sh -ArgumentList '-c "exit 6"' -Wait -PassThru).ExitCode | Should -Be 6
            Invoke-Command $script:web true
            $LASTEXITCODE | Should -Be 0
        }
    }
}

Describe 'Podman (podman system service)' -Skip:(-not $canPodman) {
    BeforeAll {
        Reset-DockerEnvironment
        $script:podman = Start-TestPodman -Image $script:image
        $script:pc = $script:podman.Container
    }

    AfterAll {
        Reset-DockerEnvironment
        Stop-TestServer $script:podman
    }

    BeforeEach {
        Reset-DockerEnvironment
        $env:DOCKER_HOST = $script:podman.Sock
    }

    It 'writes stdout line by line, and -StringOutput as one string' {
        Invoke-Command $script:pc sh -ArgumentList '-c', "printf 'a\nb\n\nc'" | Should -Be @('a', 'b', '', 'c')
        Invoke-Command $script:pc sh -ArgumentList '-c', "printf 'x\ny\n'" -StringOutput | Should -Be "x`ny"
        $LASTEXITCODE | Should -Be 0
    }

    It 'writes stderr in order with stdout, and a nonzero exit code as one error' {
        $all = Invoke-Command $script:pc sh -ArgumentList '-c', 'echo o1; sleep 0.2; echo e1 >&2; sleep 0.2; echo o2' 2>&1
        $all | ForEach-Object { "$_" } | Should -Be @('o1', 'e1', 'o2')
        $all[1] | Should -BeOfType [System.Management.Automation.ErrorRecord]
        Invoke-Command $script:pc sh -ArgumentList '-c', 'exit 3' -ErrorVariable err -ErrorAction SilentlyContinue
        $LASTEXITCODE | Should -Be 3
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'ProgramExitedWithNonZeroCode,PSDocker.InvokeCommandCommand'
    }

    It "executable not found is CommandNotFound, without Podman's stderr lines" {
        Invoke-Command $script:pc no-such-command -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'CommandNotFound,PSDocker.InvokeCommandCommand'
        $err[0].Exception.Message | Should -BeLike '*executable file not found*'
        $err[0].Exception.Message | Should -Not -BeLike '*unixpacket*'
        $LASTEXITCODE | Should -Be 127
    }

    It 'not executable is CommandNotExecutable' {
        Invoke-Command $script:pc /etc/passwd -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'CommandNotExecutable,PSDocker.InvokeCommandCommand'
        $LASTEXITCODE | Should -Be 126
    }

    It 'no such container' {
        Invoke-Command "psd-missing-$([guid]::NewGuid().ToString('N'))" true -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ContainerNotFound,PSDocker.InvokeCommandCommand'
    }
}

Describe 'Errors that name what was tried' {
    BeforeEach {
        Reset-DockerEnvironment
    }

    It 'unreachable: one sentence each for the fact, the source and the fix' {
        Invoke-Docker context create gone --docker 'host=unix:///nonexistent/psd-gone.sock' | Out-Null
        $env:DOCKER_CONTEXT = 'gone'
        Invoke-Command $script:web true -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DaemonUnreachable,PSDocker.InvokeCommandCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
        $m = $err[0].Exception.Message
        $m | Should -BeLike 'Cannot connect to the Docker daemon at unix:///nonexistent/psd-gone.sock:*'
        $m | Should -BeLike '*context "gone", chosen by DOCKER_CONTEXT*'
        $m | Should -BeLike '*docker context ls*docker context use default*'
        ([regex]::Matches($m, 'psd-gone\.sock')).Count | Should -Be 1
    }

    It 'unreachable through DOCKER_HOST: the fix names the PowerShell way to unset it, and only then' {
        $env:DOCKER_HOST = 'unix:///nonexistent/psd-host.sock'
        Invoke-Command $script:web true -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'DaemonUnreachable,PSDocker.InvokeCommandCommand'
        $err[0].Exception.Message | Should -BeLike '*The address comes from DOCKER_HOST*unset DOCKER_HOST*In PowerShell: Remove-Item Env:DOCKER_HOST.'
        Remove-Item Env:DOCKER_HOST
        Invoke-Docker context create gone2 --docker 'host=unix:///nonexistent/psd-gone2.sock' | Out-Null
        $env:DOCKER_CONTEXT = 'gone2'
        Invoke-Command $script:web true -ErrorVariable err2 -ErrorAction SilentlyContinue
        $err2[0].FullyQualifiedErrorId | Should -Be 'DaemonUnreachable,PSDocker.InvokeCommandCommand'
        $err2[0].Exception.Message | Should -Not -BeLike '*Remove-Item*'
    }

    It 'an unknown context is ContextNotFound (ObjectNotFound)' {
        $env:DOCKER_CONTEXT = 'psd-no-such-context'
        Invoke-Command $script:web true -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ContextNotFound,PSDocker.InvokeCommandCommand'
        $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err[0].Exception.Message | Should -BeLike '*"psd-no-such-context"*docker context ls*'
    }

    It 'an unsupported DOCKER_HOST is InvalidConfiguration naming it and the supported schemes' {
        $env:DOCKER_HOST = 'foo://bar'
        Invoke-Command $script:web true -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidConfiguration,PSDocker.InvokeCommandCommand'
        $err[0].Exception.Message | Should -BeLike '*foo://bar*unix://*tcp://*ssh://*'
    }
}
