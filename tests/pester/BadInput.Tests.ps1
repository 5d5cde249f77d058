#Requires -Version 7.4
# Odd input gives the documented result or an error that names the problem;
# nothing hangs or crashes pwsh.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestContainers.psm1') -Force
    Import-Module $env:PSDOCKER_MODULE -Force
    $script:web = New-TestContainer -Prefix bad
}

AfterAll {
    Remove-TestContainer $script:web
}

Describe 'Bad input' {
    It 'a NUL character in Name, Command or an argument is refused, naming it' {
        $errors = @(
            Invoke-Command "we`0b" true -ErrorVariable e1 -ErrorAction SilentlyContinue; $e1
            Invoke-Command $script:web "tr`0ue" -ErrorVariable e2 -ErrorAction SilentlyContinue; $e2
            Invoke-Command $script:web echo -ArgumentList "a`0b" -ErrorVariable e3 -ErrorAction SilentlyContinue; $e3
        )
        $errors | Should -HaveCount 3
        foreach ($err in $errors) {
            $err.FullyQualifiedErrorId | Should -Be 'InvalidRequest,PSDocker.InvokeCommandCommand'
            $err.Exception.Message | Should -Match 'NUL'
        }
    }

    It 'a Name of white space only is an invalid argument, not a daemon error' {
        Invoke-Command '   ' true -ErrorVariable err -ErrorAction SilentlyContinue
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidRequest,PSDocker.InvokeCommandCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match 'container name is empty'
    }

    It '$null and empty strings in ArgumentList are empty arguments' {
        Invoke-Command $script:web printf -ArgumentList '[%s]', $null, '', 'x' | Should -Be '[][][x]'
    }

    It 'a 1 MiB argument fails with the kernel''s own words; 100,000 arguments work' {
        $all = Invoke-Command $script:web echo -ArgumentList ('a' * 1MB) 2>&1
        ($all | ForEach-Object { "$_" }) -join "`n" | Should -Match 'argument list too long'
        $LASTEXITCODE | Should -Not -Be 0
        $arguments = @('-c', 'echo $#', 'sh') + @('a') * 100000
        Invoke-Command $script:web sh -ArgumentList $arguments | Should -Be '100000'
    }

    It 'Name may be the ID or an ID prefix; an ambiguous prefix says so' {
        $id = docker inspect --format '{{.Id}}' $script:web
        Invoke-Command $id echo -ArgumentList ok | Should -Be 'ok'
        Invoke-Command $id.Substring(0, 12) echo -ArgumentList ok | Should -Be 'ok'
        $others = foreach ($i in 1..20) { New-TestContainer -Prefix amb }
        try {
            $prefix = @($id) + @(docker inspect --format '{{.Id}}' $others) | ForEach-Object { $_.Substring(0, 1) } |
                Group-Object | Where-Object Count -gt 1 | Select-Object -First 1 -ExpandProperty Name
            Invoke-Command $prefix true -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'ContainerAmbiguous,PSDocker.InvokeCommandCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        } finally {
            Remove-TestContainer $others
        }
    }

    It 'a name with dots, dashes and underscores' {
        $name = "psd.odd_name-$([guid]::NewGuid().ToString('N').Substring(0, 8))"
        docker run -d --network none --name $name psdocker-test:busybox sleep 600 | Out-Null
        try {
            Invoke-Command $name echo -ArgumentList ok | Should -Be 'ok'
        } finally {
            Remove-TestContainer $name
        }
    }

    It 'binary output, a 10 MB line and output without any newline' {
        $binary = Invoke-Command $script:web sh -ArgumentList '-c', "printf '\377\376\000x\n'"
        $binary | Should -Be "$([char]0xFFFD)$([char]0xFFFD)$([char]0)x"
        (Invoke-Command $script:web sh -ArgumentList '-c', "head -c 10485760 /dev/zero | tr '\0' y").Length | Should -Be 10485760
        Invoke-Command $script:web printf -ArgumentList 'no newline' | Should -Be 'no newline'
    }

    It 'a command that reads stdin gets an empty one and does not wait' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        Invoke-Command $script:web cat -Timeout 10 | Should -BeNullOrEmpty
        $LASTEXITCODE | Should -Be 0
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
    }

    It 'arguments never reach a shell' {
        foreach ($text in '; touch /tmp/pwned', '$(touch /tmp/pwned)', '`touch /tmp/pwned`', '| touch /tmp/pwned') {
            Invoke-Command $script:web echo -ArgumentList $text | Should -Be $text
        }
        Invoke-Command $script:web ls -ArgumentList /tmp/pwned -ErrorAction SilentlyContinue 2>$null
        $LASTEXITCODE | Should -Not -Be 0
    }

    It '-Debug shows what the library holds after the call' {
        $debug = Invoke-Command $script:web true -Debug 5>&1 | ForEach-Object Message
        $debug | Should -Match '^libpsdocker after the call: 0 open handles, \d+ goroutines, \d+ cached Docker clients\.$'
    }
}
