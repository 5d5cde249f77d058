#Requires -Version 7.4
# -User, -WorkingDirectory, -Environment and -Privileged, as docker exec has them.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestContainers.psm1') -Force
    Import-Module $env:PSDOCKER_MODULE -Force
    $script:web = New-TestContainer -Prefix settings
    $script:asApp = New-TestContainer -Prefix settings-app -User app
}

AfterAll {
    Remove-TestContainer $script:web, $script:asApp
}

Describe 'Process settings' {
    It '-User as name, uid:gid and name:group; the container default otherwise' {
        Invoke-Command $script:web id -User app | Should -Be 'uid=1000(app) gid=1000(app) groups=1000(app)'
        Invoke-Command $script:web id -ArgumentList '-u' -User 1234:5678 | Should -Be '1234'
        Invoke-Command $script:web id -ArgumentList '-g' -User app:nogroup | Should -Be '65534'
        Invoke-Command $script:asApp id -ArgumentList '-u' | Should -Be '1000'
        Invoke-Command $script:asApp id -ArgumentList '-u' -User root | Should -Be '0'
    }

    It '-WorkingDirectory and -Environment, values with =, spaces and newlines' {
        Invoke-Command $script:web pwd -WorkingDirectory /tmp | Should -Be '/tmp'
        $environment = [ordered]@{ A = 'x=y z'; B = "line1`nline2"; EMPTY = $null }
        Invoke-Command $script:web sh -ArgumentList '-c', 'printf "%s|%s|%s|" "$A" "$B" "${EMPTY-unset}"' -Environment $environment |
            Should -Be 'x=y z|line1', 'line2||'
    }

    It 'PSDOCKER_EXEC_ID is reserved: InvalidArgument, nothing runs' {
        Invoke-Command $script:web true -Environment @{ PSDOCKER_EXEC_ID = 'x' } -ErrorVariable err -ErrorAction SilentlyContinue
        $err[0].FullyQualifiedErrorId | Should -Be 'InvalidRequest,PSDocker.InvokeCommandCommand'
        $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err[0].Exception.Message | Should -Match 'PSDOCKER_EXEC_ID is reserved'
    }

    It 'a missing user, a missing working directory, an empty variable name: each its own error in the daemon''s words' -ForEach @(
        @{ Settings = @{ User = 'nosuch' }; Id = 'UserNotFound'; Category = 'ObjectNotFound'; Text = 'unable to find user nosuch' }
        @{ Settings = @{ WorkingDirectory = '/nonexistent' }; Id = 'WorkingDirectoryNotFound'; Category = 'ObjectNotFound'; Text = '/nonexistent' }
        @{ Settings = @{ Environment = @{ '' = 'x' } }; Id = 'InvalidEnvironment'; Category = 'InvalidArgument'; Text = "name can't be empty" }
    ) {
        $out = Invoke-Command $script:web echo -ArgumentList ran @Settings -ErrorVariable err -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -Be "$Id,PSDocker.InvokeCommandCommand"
        $err[0].CategoryInfo.Category | Should -Be $Category
        $err[0].Exception.Message | Should -BeLike "*$Text*"
        $LASTEXITCODE | Should -Be 126
    }

    It '-Privileged asks for every capability: granted, or refused by the runtime in its words' {
        $plain = Invoke-Command $script:web sh -ArgumentList '-c', 'grep CapEff /proc/self/status'
        $privileged = Invoke-Command $script:web sh -ArgumentList '-c', 'grep CapEff /proc/self/status' -Privileged -ErrorVariable err -ErrorAction SilentlyContinue
        if ($err) {
            # A daemon that itself lacks capabilities (this CI's) cannot grant them.
            $err[0].FullyQualifiedErrorId | Should -Be 'ProcessStartFailed,PSDocker.InvokeCommandCommand'
            $err[0].Exception.Message | Should -Match 'caps'
        } else {
            [Convert]::ToUInt64(($privileged -split '\s+')[1], 16) | Should -BeGreaterThan ([Convert]::ToUInt64(($plain -split '\s+')[1], 16))
        }
    }

    It 'a stop ends a command of another user than the container''s, both ways round' -ForEach @(
        @{ Container = 'web'; User = 'app' }
        @{ Container = 'asApp'; User = 'root' }
    ) {
        $name = Get-Variable -Scope Script -Name $Container -ValueOnly
        Invoke-Command $name sh -ArgumentList '-c', 'echo up; sleep 361 & sleep 362' -User $User | Select-Object -First 1 | Should -Be 'up'
        Wait-ContainerProcessGone -Name $name -Like '*sleep 36*'
    }
}
