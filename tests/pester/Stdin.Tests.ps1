#Requires -Version 7.4
# Pipeline input to the command's stdin, in real pwsh against the real daemon:
# what PowerShell writes to a native command's stdin, and when.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestContainers.psm1') -Force
    Import-Module $env:PSDOCKER_MODULE -Force
    $script:web = New-TestContainer -Prefix stdin
}

AfterAll {
    Remove-TestContainer $script:web
}

Describe 'Pipeline input goes to stdin' {
    It 'each object as a line, and the end of the input ends the command' {
        'a', 'b' | Invoke-Command $script:web cat | Should -Be 'a', 'b'
        $LASTEXITCODE | Should -Be 0
        1..1000 | Invoke-Command $script:web wc -ArgumentList '-l' | Should -Be '1000'
    }

    It 'any objects exactly as PowerShell writes them to a native command (here cat): Out-String -Stream; nothing for $null' {
        # A table waits for its rows: what comes after it must not overtake it.
        $objects = 'x', $null, 42, [datetime]'2026-01-02T03:04:05', @{ key = 'value' }, 3.5, "two`nlines", [pscustomobject]@{ A = 1 }, 'after', 7
        $native = $objects | & (Get-Command cat -CommandType Application | Select-Object -First 1)
        $native | Should -Contain '42' -Because 'the oracle is PowerShell''s own native pipe'
        $objects | Invoke-Command $script:web cat | Should -Be $native
    }

    It 'bytes go through as they are: byte[] and Get-Content -AsByteStream' {
        $bytes = [byte[]]((0..255) + (0..255))
        , $bytes | Invoke-Command $script:web od -ArgumentList '-An', '-v', '-tu1' | ForEach-Object { -split $_ } |
            Should -Be ($bytes | ForEach-Object { "$_" })
        $file = New-TemporaryFile
        try {
            $random = [byte[]]::new(20000); [Random]::new(7).NextBytes($random)
            [IO.File]::WriteAllBytes($file, $random)
            $want = (Get-FileHash $file -Algorithm SHA256).Hash.ToLower()
            (Get-Content -AsByteStream -LiteralPath $file | Invoke-Command $script:web sha256sum) -split ' ' | Select-Object -First 1 | Should -Be $want
            # -ReadCount 0 makes one object[] of them: text, as for a native command.
            (Get-Content -AsByteStream -ReadCount 0 -TotalCount 3 -LiteralPath $file | Invoke-Command $script:web cat) |
                Should -Be (Get-Content -AsByteStream -ReadCount 0 -TotalCount 3 -LiteralPath $file | & (Get-Command cat -CommandType Application | Select-Object -First 1))
        } finally {
            Remove-Item $file
        }
    }

    It 'an encoding with a preamble and a culture of its own write what PowerShell writes to a native command' {
        $native = Get-Command od -CommandType Application | Select-Object -First 1
        & {
            $OutputEncoding = [Text.Encoding]::UTF8 # with a BOM
            'a' | Invoke-Command $script:web od -ArgumentList '-An', '-tx1' | Should -Be ('a' | & $native -An -tx1)
        }
        $saved = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'sv-SE'
            -5, 1234567, 2.5 | Invoke-Command $script:web od -ArgumentList '-An', '-tx1' | Should -Be (-5, 1234567, 2.5 | & $native -An -tx1)
        } finally {
            [cultureinfo]::CurrentCulture = $saved
        }
    }

    It 'text in $OutputEncoding: UTF-8 by default, another when the scope sets it; a lone surrogate becomes U+FFFD' {
        'é€😀' | Invoke-Command $script:web cat | Should -BeExactly 'é€😀'
        & {
            $OutputEncoding = [Text.Encoding]::Latin1
            'é' | Invoke-Command $script:web od -ArgumentList '-An', '-tx1' | ForEach-Object Trim | Should -Be 'e9 0a'
        }
        "a$([char]0xD800)b" | Invoke-Command $script:web cat | Should -BeExactly "a$([char]0xFFFD)b"
    }

    It 'an empty pipeline is an empty stdin, closed at once; no pipeline is an empty stdin too' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        @() | Invoke-Command $script:web wc -ArgumentList '-c' | Should -Be '0'
        Invoke-Command $script:web wc -ArgumentList '-c' | Should -Be '0'
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 10
    }

    It '-InputObject by name is the whole input, also after an empty pipeline' {
        Invoke-Command $script:web cat -InputObject 'by name' | Should -Be 'by name'
        @() | Invoke-Command $script:web cat -InputObject 'by name too' | Should -Be 'by name too'
    }

    It 'input and output flow together: the first line comes back before the input ends' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $first = 1..5 | ForEach-Object { $_; Start-Sleep -Seconds 1 } | Invoke-Command $script:web cat |
            ForEach-Object { [pscustomobject]@{ Line = $_; At = $watch.Elapsed.TotalSeconds } } | Select-Object -First 1
        $first.Line | Should -Be '1'
        $first.At | Should -BeLessThan 4 -Because 'the input takes 5 s; the first line must not wait for its end'
    }

    It 'a million lines through cat, and a 10 MB line' {
        (1..1000000 | Invoke-Command $script:web cat | Measure-Object).Count | Should -Be 1000000
        ('x' * 10MB) | Invoke-Command $script:web wc -ArgumentList '-c' | Should -Be "$(10MB + 1)"
    }

    It '1 GiB through cat and back with flat memory (a pwsh of its own, its peak working set)' {
        $run = @'
Import-Module $env:PSDOCKER_MODULE
$chunk = [byte[]]::new(1MB)
for ($i = 1023; $i -lt $chunk.Length; $i += 1024) { $chunk[$i] = 10 }
$lines = (1..1024 | ForEach-Object { , $chunk } | Invoke-Command $args[0] cat | Measure-Object).Count
"$lines $((Get-Process -Id $PID).PeakWorkingSet64)"
'@
        $file = Join-Path ([IO.Path]::GetTempPath()) "psd-gib-$PID.ps1"
        Set-Content -LiteralPath $file -Value $run
        try {
            $lines, $peak = (pwsh -NoProfile -NonInteractive -File $file $script:web) -split ' '
        } finally {
            Remove-Item -LiteralPath $file
        }
        $lines | Should -Be 1048576
        [long] $peak | Should -BeLessThan 600MB -Because 'the input is a stream: no part of it is kept'
    }

    It 'a command that does not read its input ends the call normally, with its exit code' {
        1..200000 | Invoke-Command $script:web true -ErrorVariable err
        $err | Should -BeNullOrEmpty
        $LASTEXITCODE | Should -Be 0
        1..200000 | Invoke-Command $script:web sh -ArgumentList '-c', 'exit 3' -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'ProgramExitedWithNonZeroCode,PSDocker.InvokeCommandCommand'
        $LASTEXITCODE | Should -Be 3
    }

    It '-StringOutput works with input' {
        'x', 'y' | Invoke-Command $script:web cat -StringOutput | Should -BeExactly "x`ny"
    }

    It 'an early end of the pipeline while input flows ends the command' {
        1..1000000 | Invoke-Command $script:web sh -ArgumentList '-c', 'exec cat # stdin-first' | Select-Object -First 1 | Should -Be '1'
        Wait-ContainerProcessGone -Name $script:web -Like '*stdin-first*'
    }

    It '-Timeout while input flows ends the command and says so' {
        $watch = [Diagnostics.Stopwatch]::StartNew()
        1..100 | ForEach-Object { $_; Start-Sleep -Milliseconds 50 } |
            Invoke-Command $script:web sh -ArgumentList '-c', 'while read l; do echo $l; done; sleep 371 # stdin-timeout: outlives the end of its input' -Timeout 1 -ErrorVariable err -ErrorAction SilentlyContinue |
            Out-Null
        $err[0].FullyQualifiedErrorId | Should -Be 'ExecTimeout,PSDocker.InvokeCommandCommand'
        $err[0].Exception.Message | Should -Match 'none is left'
        Wait-ContainerProcessGone -Name $script:web -Like '*stdin-timeout*'
    }
}
