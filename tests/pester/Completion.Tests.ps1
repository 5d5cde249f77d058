#Requires -Version 7.4
# Tab completion of -Name, through TabExpansion2 as the console uses it.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestContainers.psm1') -Force
    Import-Module $env:PSDOCKER_MODULE -Force
    $script:tag = "tab$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    $script:older = New-TestContainer -Prefix $script:tag
    $script:newer = New-TestContainer -Prefix $script:tag
    $script:paused = New-TestContainer -Prefix $script:tag
    docker pause $script:paused | Out-Null
    $script:stopped = New-TestContainer -Prefix $script:tag -Stopped
    # A name that begins with a digit would bind as a number if left bare (1e3, 0x10).
    $script:digit = "9$($script:tag)"
    docker run -d --network none --name $script:digit psdocker-test:busybox sleep 86400 | Out-Null

    function Complete([string] $line) {
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches
    }

    # With DOCKER_HOST set to $DockerHost, -Name completes to nothing, adds no
    # error, and does not hang: the completer gives up after 800 ms; 3 s only
    # catches a hang on a loaded machine.
    function Assert-NothingFrom([string] $DockerHost) {
        $saved = $env:DOCKER_HOST
        $errors = $Error.Count
        try {
            $env:DOCKER_HOST = $DockerHost
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $found = @(Complete "Invoke-Command -Name psd-$($script:tag)")
            $watch.Elapsed.TotalSeconds | Should -BeLessThan 3
            @($found | Where-Object ResultType -eq 'ParameterValue') | Should -HaveCount 0
            $Error.Count | Should -Be $errors
        } finally {
            $env:DOCKER_HOST = $saved
        }
    }
}

AfterAll {
    docker unpause $script:paused 2>&1 | Out-Null
    Remove-TestContainer $script:older, $script:newer, $script:paused, $script:stopped, $script:digit
}

Describe 'Tab completion of -Name' {
    It 'offers the running containers that match, newest first, with image, status and ID' {
        $found = @(Complete "Invoke-Command -Name psd-$($script:tag)")
        $found.CompletionText | Should -Be @($script:newer, $script:older)
        $found[0].ListItemText | Should -Be $script:newer
        $found[0].ResultType | Should -Be 'ParameterValue'
        $found[0].ToolTip | Should -Match '^psdocker-test:busybox, Up .+, [0-9a-f]{12}$'
    }

    It 'completes the first positional argument the same way' {
        @(Complete "Invoke-Command psd-$($script:tag)").CompletionText | Should -Be @($script:newer, $script:older)
    }

    It 'quotes a name that PowerShell would not read as one bare word' {
        @(Complete "Invoke-Command -Name 9$($script:tag)").CompletionText | Should -Be @("'$($script:digit)'")
        @(Complete "Invoke-Command -Name '9$($script:tag)").CompletionText | Should -Be @("'$($script:digit)'")
    }

    It 'uses the endpoint of the session, and offers nothing, quietly, when it cannot be reached' {
        Assert-NothingFrom 'unix:///nonexistent/psdocker.sock'
    }

    It 'offers nothing, quietly, from a daemon that accepts the connection but never answers' {
        # The kernel accepts into the listener's backlog; nobody ever reads or answers.
        $listener = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $listener.Start()
        try {
            Assert-NothingFrom "tcp://127.0.0.1:$($listener.LocalEndpoint.Port)"
        } finally {
            $listener.Stop()
        }
    }
}
