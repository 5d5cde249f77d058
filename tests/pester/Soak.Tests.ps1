#Requires -Version 7.4
# The long load tests, tagged Soak: build.ps1 soak runs them, build.ps1 test
# leaves them out (they take many minutes on two cores).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestContainers.psm1') -Force
    Import-Module $env:PSDOCKER_MODULE -Force
    $script:web = New-TestContainer -Prefix soak
    function Get-Stats {
        [System.GC]::Collect(); [System.GC]::WaitForPendingFinalizers(); [System.GC]::Collect()
        $debug = Invoke-Command $script:web true -Debug 5>&1 | ForEach-Object Message
        $null = $debug -match '(\d+) open handles, (\d+) goroutines'
        [pscustomobject]@{
            WorkingSet = [System.Diagnostics.Process]::GetCurrentProcess().WorkingSet64
            Handles    = [int] $Matches[1]
            Goroutines = [int] $Matches[2]
        }
    }
}

AfterAll {
    Remove-TestContainer $script:web
}

Describe 'Soak' -Tag 'Soak' {
    It '32 runspaces x 200 calls while another runspace forces full GCs' {
        $module = $env:PSDOCKER_MODULE
        $web = $script:web
        $gc = [PowerShell]::Create().AddScript('while ($true) { [System.GC]::Collect(2, [System.GCCollectionMode]::Forced, $true, $true); Start-Sleep -Milliseconds 5 }')
        $null = $gc.BeginInvoke()
        try {
            $watch = [Diagnostics.Stopwatch]::StartNew()
        $wrong = 1..32 | ForEach-Object -Parallel {
                Import-Module $using:module
                $runspace = $_
                foreach ($i in 1..200) {
                    $out = Invoke-Command $using:web echo -ArgumentList "$runspace-$i"
                    if ($out -ne "$runspace-$i" -or $LASTEXITCODE -ne 0) { "runspace $runspace call $($i): '$out' exit $LASTEXITCODE" }
                }
            } -ThrottleLimit 32
        } finally {
            $gc.Stop()
            $gc.Dispose()
        }
        Write-Host ('32 runspaces x 200 calls under forced GCs: {0:0.0} s, {1} wrong' -f $watch.Elapsed.TotalSeconds, @($wrong).Count)
        $wrong | Should -BeNullOrEmpty
    }

    It '20,000 sequential calls: working set within 20 MB, handles and goroutines back' {
        $before = Get-Stats
        foreach ($i in 1..20000) {
            if ((Invoke-Command $script:web echo -ArgumentList $i) -ne "$i") { throw "call $i" }
        }
        $after = Get-Stats
        Write-Host ('20,000 calls: working set {0:+0.0;-0.0} MB; open handles {1} -> {2}; goroutines {3} -> {4}' -f
            (($after.WorkingSet - $before.WorkingSet) / 1MB), $before.Handles, $after.Handles, $before.Goroutines, $after.Goroutines)
        ($after.WorkingSet - $before.WorkingSet) / 1MB | Should -BeLessThan 20
        $after.Handles | Should -Be $before.Handles
        $after.Goroutines | Should -BeLessOrEqual ($before.Goroutines + 2)
    }

    It '1 GB through the pipeline: working set within 50 MB' {
        $before = Get-Stats
        $peak = $before.WorkingSet
        $count = 0
        Invoke-Command $script:web sh -ArgumentList '-c', "head -c 1073741824 /dev/zero | tr '\0' x | fold -w 1024" | ForEach-Object {
            if ((++$count % 20000) -eq 0) { $peak = [math]::Max($peak, [System.Diagnostics.Process]::GetCurrentProcess().WorkingSet64) }
        }
        Write-Host ('1 GiB in 1,048,576 lines: working set peak {0:+0.0;-0.0} MB over the start' -f (($peak - $before.WorkingSet) / 1MB))
        $count | Should -Be 1048576
        ($peak - $before.WorkingSet) / 1MB | Should -BeLessThan 50
    }

    It '<Count> early stops at once in one container leave no process tree, 5 runs of 100 and one of 500' -ForEach @(
        @{ Count = 100; Runs = 5 }
        @{ Count = 500; Runs = 1 }) {
        $module = $env:PSDOCKER_MODULE
        $web = $script:web
        foreach ($run in 1..$Runs) {
            $watch = [Diagnostics.Stopwatch]::StartNew()
            $warnings = 1..$Count | ForEach-Object -Parallel {
                Import-Module $using:module
                $null = Invoke-Command $using:web sh -ArgumentList '-c', "echo s; sleep 300 & sleep 301 & wait # $_" -WarningVariable w -WarningAction SilentlyContinue |
                    Select-Object -First 1
                @($w).Count
            } -ThrottleLimit $Count | Measure-Object -Sum
            $returned = $watch.Elapsed.TotalSeconds
            while (Get-ContainerProcess $web '*sleep 30[01]*') {
                if ($watch.Elapsed.TotalMinutes -gt 5) { break }
                Start-Sleep -Milliseconds 200
            }
            $left = @(Get-ContainerProcess $web '*sleep 30[01]*').Count
            Write-Host ('{0} early stops at once, run {1}: all calls returned after {2:0.0} s, the last process was gone after {3:0.0} s; {4} warned that the stop was not confirmed in time; {5} processes left' -f
                $Count, $run, $returned, $watch.Elapsed.TotalSeconds, $warnings.Sum, $left)
            $left | Should -Be 0
        }
    }
}
