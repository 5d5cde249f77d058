@{
    RootModule           = 'PSDocker.psm1'
    NestedModules        = @('PSDocker.dll')
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0d9a3e-52c1-4f57-9a8e-2d41c7b0e5a4'
    Author               = 'PSDocker contributors'
    CompanyName          = 'PSDocker'
    Copyright            = '(c) PSDocker contributors. All rights reserved.'
    Description          = 'Runs commands in running Docker containers through the Docker Engine API and streams their output into the PowerShell pipeline. No docker CLI needed.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')

    # The bare name on purpose: users asked for Invoke-Command. It shadows the
    # core cmdlet; Microsoft.PowerShell.Core\Invoke-Command still reaches that one,
    # and Import-Module PSDocker -Prefix Docker gives Invoke-DockerCommand.
    CmdletsToExport      = @('Invoke-Command')
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()

    PrivateData          = @{
        PSData = @{
            Tags         = @('Docker', 'Container', 'Exec', 'Linux', 'PSEdition_Core')
            ReleaseNotes = 'First release: Invoke-Command for Linux x64.'
        }
    }
}
