@{
    # The cmdlet assembly is the root module: it checks at import that this
    # platform has a native library (shim/ModuleImport.cs), so no root script
    # has to be parsed and compiled at every import.
    RootModule           = 'PSDocker.dll'
    # SemVer. The one version: PSDocker.dll and the package take it from here;
    # CHANGELOG.md has a section for it (cmd/nupkg refuses to pack otherwise).
    # A prerelease adds PSData.Prerelease, e.g. 'rc1' for 0.3.0-rc1.
    ModuleVersion        = '0.2.0'
    GUID                 = '6f0d9a3e-52c1-4f57-9a8e-2d41c7b0e5a4'
    Author               = 'PSDocker contributors'
    CompanyName          = 'PSDocker contributors'
    Copyright            = '(c) PSDocker contributors. MIT License.'
    Description          = 'Runs commands in running Docker containers through the Docker Engine API and streams their output into the PowerShell pipeline. No docker CLI needed. Linux x64 and arm64, Windows x64.'
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
            Tags         = @('Docker', 'Container', 'Exec', 'PSEdition_Core', 'Linux', 'Windows', 'x64', 'arm64')
            ProjectUri   = 'https://github.com/psdocker/psdocker'
            LicenseUri   = 'https://github.com/psdocker/psdocker/blob/main/LICENSE'
            ReleaseNotes = 'Linux arm64 and Windows x64 besides Linux x64, in one package; a stop ends the command in the container; Docker contexts, TLS, ssh and Podman; tab completion of -Name. Full notes: https://github.com/psdocker/psdocker/blob/main/CHANGELOG.md'
        }
    }
}
