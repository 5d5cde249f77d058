#Requires -Version 7.4
# Get-Help for the built module: the MAML from cmd/helpgen and about_PSDocker.

BeforeAll {
    Import-Module $env:PSDOCKER_MODULE -Force
}

Describe 'Get-Help Invoke-Command' {
    BeforeAll {
        $script:help = Get-Help PSDocker\Invoke-Command -Full
    }

    It 'shows our synopsis and syntax, not the core cmdlet''s' {
        $script:help.ModuleName | Should -Be 'PSDocker'
        $script:help.Synopsis | Should -Match 'Docker container'
        $script:help.syntax.syntaxItem.name | Should -Be 'Invoke-Command'
        # The original five, and the named ones added since (stdin, process settings, -Context).
        $script:help.syntax.syntaxItem.parameter.name | Sort-Object |
            Should -Be @('ArgumentList', 'Command', 'Context', 'Environment', 'InputObject', 'Name', 'Privileged', 'StringOutput', 'Timeout', 'User', 'WorkingDirectory')
    }

    It 'lists every parameter with its position' {
        $positions = @{}
        $script:help.parameters.parameter | ForEach-Object { $positions[$_.name] = $_.position }
        $positions.Name | Should -Be '0'
        $positions.Command | Should -Be '1'
        $positions.ArgumentList | Should -Be 'named'
        $positions.Timeout | Should -Be '3'
        $positions.StringOutput | Should -Be 'named'
    }

    It 'has at least six examples, also with -Examples' {
        @($script:help.examples.example).Count | Should -BeGreaterOrEqual 6
        @((Get-Help PSDocker\Invoke-Command -Examples).examples.example).Count | Should -Be @($script:help.examples.example).Count
    }

    It '-Parameter Timeout shows position 3' {
        (Get-Help PSDocker\Invoke-Command -Parameter Timeout).position | Should -Be '3'
    }

    It 'is ours for the module-qualified name while the core Invoke-Command is loaded too' {
        Get-Command Microsoft.PowerShell.Core\Invoke-Command | Should -Not -BeNullOrEmpty
        (Get-Help PSDocker\Invoke-Command).Synopsis | Should -Be $script:help.Synopsis
        (Get-Help Microsoft.PowerShell.Core\Invoke-Command).Synopsis | Should -Not -Be $script:help.Synopsis
    }
}

Describe 'Get-Help about_PSDocker' {
    It 'is found and explains the name clash' {
        $about = Get-Help about_PSDocker | Out-String
        $about | Should -Match 'about_PSDocker'
        $about | Should -Match 'Prefix'
    }
}

Describe 'Docs and code agree' {
    It 'the parameter yaml in docs/Invoke-Command.md equals Get-Command' {
        $markdown = Get-Content -Raw (Join-Path $PSScriptRoot '..' '..' 'docs' 'Invoke-Command.md')
        $sections = [regex]::Matches($markdown, '(?ms)^### -(?<name>\w+)\r?\n.*?^```yaml\r?\n(?<yaml>.*?)^```')
        $documented = @{}
        foreach ($m in $sections) {
            $yaml = @{}
            foreach ($line in $m.Groups['yaml'].Value -split '\r?\n' | Where-Object { $_ }) {
                $key, $value = $line -split ':', 2
                $yaml[$key.Trim()] = $value.Trim()
            }
            $documented[$m.Groups['name'].Value] = $yaml
        }
        $command = Get-Command PSDocker\Invoke-Command
        $own = $command.Parameters.Values | Where-Object { $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters }
        @($documented.Keys | Sort-Object) | Should -Be @($own.Name | Sort-Object)
        foreach ($p in $own) {
            $doc = $documented[$p.Name]
            $a = $p.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] }
            $doc.Type | Should -Be $p.ParameterType.Name -Because $p.Name
            [bool]::Parse($doc.Required) | Should -Be $a.Mandatory -Because $p.Name
            $doc.Position | Should -Be $(if ($a.Position -eq [int]::MinValue) { 'Named' } else { "$($a.Position)" }) -Because $p.Name
            [bool]::Parse(($doc.'Accept pipeline input' -split ' ')[0]) | Should -Be ($a.ValueFromPipeline -or $a.ValueFromPipelineByPropertyName) -Because $p.Name
            $doc.Aliases | Should -Be ($p.Aliases -join ', ') -Because $p.Name
        }
    }
}
