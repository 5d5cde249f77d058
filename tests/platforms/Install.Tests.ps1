#Requires -Version 7.4
# Installs the package as a user installs from the PowerShell Gallery, with the
# real client: PSResourceGet (it ships with PowerShell 7.4+; 1.1+ publishes a
# .nupkg as it is). A folder registered as a repository stands in for the
# gallery; a new pwsh with a throwaway HOME stands in for a user with an empty
# module path, so neither the registration nor the install touches the real
# user's modules or repositories.
# build.ps1 platforms sets $env:PSDOCKER_PACKAGE to out/PSDocker.<version>.nupkg.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'pester' 'TestContainers.psm1') -Force
    Add-Type -AssemblyName System.IO.Compression.FileSystem

    $script:package = $env:PSDOCKER_PACKAGE
    if (-not $script:package -or -not (Test-Path -LiteralPath $script:package)) {
        throw 'Set $env:PSDOCKER_PACKAGE to the .nupkg; pwsh ./build.ps1 platforms does.'
    }

    # The text of one part of a package.
    function Read-PackageEntry([string] $Package, [string] $Name) {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try {
            $reader = [System.IO.StreamReader]::new($zip.GetEntry($Name).Open())
            try { $reader.ReadToEnd() } finally { $reader.Dispose() }
        } finally {
            $zip.Dispose()
        }
    }
    $script:nuspec = [xml] (Read-PackageEntry $script:package 'PSDocker.nuspec')
    $script:version = $script:nuspec.package.metadata.version
    $zip = [System.IO.Compression.ZipFile]::OpenRead($script:package)
    try { $script:entries = @($zip.Entries | ForEach-Object FullName) } finally { $zip.Dispose() }

    # Every folder this file makes, removed in AfterAll.
    $script:folders = [System.Collections.Generic.List[string]]::new()
    function New-TempFolder {
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) "psd-install-$([guid]::NewGuid().ToString('N'))"
        $script:folders.Add($folder)
        (New-Item -ItemType Directory -Path $folder).FullName
    }

    # The manifest as packed, read as PowerShell reads a .psd1 (it wants a file).
    $script:manifestFile = Join-Path (New-TempFolder) 'PSDocker.psd1'
    Set-Content -LiteralPath $script:manifestFile -Value (Read-PackageEntry $script:package 'PSDocker.psd1') -NoNewline
    $script:manifest = Import-PowerShellDataFile $script:manifestFile

    # This pwsh; not the process's path, which is dotnet's when pwsh is the dotnet tool.
    $script:pwsh = Join-Path $PSHOME ($IsWindows ? 'pwsh.exe' : 'pwsh')
    $script:web = New-TestContainer -Prefix install

    # Runs a script in a new pwsh that finds modules in $Modules first; returns its
    # output lines and exit code.
    function Invoke-InNewPwsh([string] $Modules, [string] $Script) {
        $saved = $env:PSModulePath
        $env:PSModulePath = $Modules + [System.IO.Path]::PathSeparator + $saved
        try {
            $output = @(& $script:pwsh -NoProfile -NonInteractive -Command $Script 2>&1 | ForEach-Object { "$_" })
            [pscustomobject]@{ Output = $output; ExitCode = $LASTEXITCODE }
        } finally {
            $env:PSModulePath = $saved
        }
    }
}

AfterAll {
    if ($script:web) { Remove-TestContainer $script:web }
    foreach ($folder in $script:folders) { Remove-Item -Recurse -Force -LiteralPath $folder -ErrorAction Ignore }
}

Describe 'The package' {
    It 'is named after the manifest''s version' {
        Split-Path -Leaf $script:package | Should -Be "PSDocker.$($script:version).nupkg"
        $script:version | Should -Be $script:manifest.ModuleVersion
    }

    It 'carries the manifest''s metadata in its nuspec, as the gallery reads it' {
        $m = $script:nuspec.package.metadata
        $m.id | Should -Be 'PSDocker'
        $m.authors | Should -Be $script:manifest.Author
        $m.description | Should -Be $script:manifest.Description
        $m.projectUrl | Should -Be $script:manifest.PrivateData.PSData.ProjectUri
        $m.licenseUrl | Should -Be $script:manifest.PrivateData.PSData.LicenseUri
        $m.releaseNotes | Should -Be $script:manifest.PrivateData.PSData.ReleaseNotes
        $tags = $m.tags -split ' '
        $tags | Should -Contain 'PSModule'
        foreach ($tag in $script:manifest.PrivateData.PSData.Tags) { $tags | Should -Contain $tag }
    }

    It 'has NuGet''s parts and no build debris' {
        $script:entries | Should -Contain '[Content_Types].xml'
        $script:entries | Should -Contain '_rels/.rels'
        @($script:entries | Where-Object { $_ -like 'package/services/metadata/core-properties/*.psmdcp' }).Count | Should -Be 1
        @($script:entries | Where-Object { $_ -match '\.(h|pdb)$|\.deps\.json$|(^|/)(obj|bin)/' }) | Should -BeNullOrEmpty
    }
}

# One user's story, so the Its run in order and each builds on the one before:
# publish, install, use, read the help, update, uninstall.
Describe 'Installed from a PSResourceGet repository, as from the gallery' {
    BeforeAll {
        $script:gallery = New-TempFolder
        $script:repository = New-Item -ItemType Directory -Path (Join-Path $script:gallery 'repository')
        $script:userHome = New-Item -ItemType Directory -Path (Join-Path $script:gallery 'home')
        # Where Install-PSResource -Scope CurrentUser puts modules on Linux and macOS.
        $script:userModules = Join-Path $script:userHome '.local' 'share' 'powershell' 'Modules'

        # Runs a script in a new pwsh as a user whose HOME is the throwaway one,
        # with PowerShell's default module path (PSModulePath unset, so pwsh makes
        # it: the user's folder under HOME, the machine's, $PSHOME's, where
        # PSResourceGet is) and PSResourceGet's settings under that HOME too (the
        # XDG variables, which would win over HOME, point there). Stops at the
        # first error and writes plain text (no colours); returns the output lines and the exit code.
        function Invoke-AsUser([string] $Script) {
            $settings = [ordered]@{
                HOME            = "$script:userHome"
                XDG_DATA_HOME   = Join-Path $script:userHome '.local' 'share'
                XDG_CONFIG_HOME = Join-Path $script:userHome '.config'
                XDG_CACHE_HOME  = Join-Path $script:userHome '.cache'
                PSModulePath    = $null
            }
            # .NET finds no LocalApplicationData where the folder is missing, and
            # PSResourceGet then keeps its repositories in the working directory.
            foreach ($name in 'XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME') {
                New-Item -ItemType Directory -Force -Path $settings[$name] | Out-Null
            }
            $saved = @{}
            foreach ($name in $settings.Keys) {
                $saved[$name] = [Environment]::GetEnvironmentVariable($name)
                [Environment]::SetEnvironmentVariable($name, $settings[$name])
            }
            # In HOME, so whatever the user's pwsh writes beside itself lands there too.
            Push-Location -LiteralPath $script:userHome
            try {
                $output = @(& $script:pwsh -NoProfile -NonInteractive -Command "`$ErrorActionPreference = 'Stop'; `$PSStyle.OutputRendering = 'PlainText'`n$Script" 2>&1 | ForEach-Object { "$_" })
                [pscustomobject]@{ Output = $output; ExitCode = $LASTEXITCODE }
            } finally {
                Pop-Location
                foreach ($name in $settings.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
            }
        }

        # The next release, made from this one as a release would differ to
        # PSResourceGet: the version raised in the nuspec, in the core properties
        # and in the manifest's ModuleVersion (PSResourceGet wants the nuspec and
        # the manifest to agree); every other part as packed.
        function New-NewerPackage([string] $Package, [string] $From, [string] $To, [string] $Folder) {
            $newer = Join-Path $Folder "PSDocker.$To.nupkg"
            Copy-Item -LiteralPath $Package -Destination $newer
            $edits = @(
                @{ Like = 'PSDocker.nuspec'; Old = "<version>$From</version>"; New = "<version>$To</version>" }
                @{ Like = 'package/services/metadata/core-properties/*.psmdcp'; Old = "<version>$From</version>"; New = "<version>$To</version>" }
                @{ Like = 'PSDocker.psd1'; Old = "ModuleVersion        = '$From'"; New = "ModuleVersion        = '$To'" }
            )
            $zip = [System.IO.Compression.ZipFile]::Open($newer, [System.IO.Compression.ZipArchiveMode]::Update)
            try {
                foreach ($edit in $edits) {
                    $entry = @($zip.Entries | Where-Object FullName -Like $edit.Like)
                    if ($entry.Count -ne 1) { throw "the package has $($entry.Count) parts like $($edit.Like)" }
                    $name = $entry[0].FullName
                    $reader = [System.IO.StreamReader]::new($entry[0].Open())
                    try { $text = $reader.ReadToEnd() } finally { $reader.Dispose() }
                    # A format change would otherwise publish the same version again.
                    if (-not $text.Contains($edit.Old)) { throw "$name has no '$($edit.Old)'" }
                    $entry[0].Delete()
                    $writer = [System.IO.StreamWriter]::new($zip.CreateEntry($name).Open(), [System.Text.UTF8Encoding]::new($false))
                    try { $writer.Write($text.Replace($edit.Old, $edit.New)) } finally { $writer.Dispose() }
                }
            } finally {
                $zip.Dispose()
            }
            $newer
        }

        $current = [version] $script:version
        $script:newerVersion = [version]::new($current.Major, $current.Minor, $current.Build + 1).ToString()
        $script:newerPackage = New-NewerPackage $script:package $script:version $script:newerVersion (New-TempFolder)
        $script:repositoryName = 'PSDockerTest'
    }

    It 'starts with no PSDocker on the module path, and PSResourceGet 1.1 or later' {
        $r = Invoke-AsUser @'
'psdocker=' + @(Get-Module -ListAvailable PSDocker).Count
'psresourceget=' + (Get-Module -ListAvailable Microsoft.PowerShell.PSResourceGet | Sort-Object Version | Select-Object -Last 1).Version
'@
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output | Should -Contain 'psdocker=0'
        $found = @($r.Output | Where-Object { $_ -like 'psresourceget=*' })[0] -replace '^psresourceget='
        [version] $found | Should -BeGreaterOrEqual ([version] '1.1')
    }

    It 'publishes the package as it is to a folder registered as a repository' {
        $r = Invoke-AsUser @"
Register-PSResourceRepository -Name $script:repositoryName -Uri '$script:repository' -Trusted
Publish-PSResource -NupkgPath '$script:package' -Repository $script:repositoryName
'found=' + (Find-PSResource PSDocker -Repository $script:repositoryName).Version
"@
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output | Should -Contain "found=$script:version"
        Join-Path $script:repository "PSDocker.$script:version.nupkg" | Should -Exist
    }

    It 'installs by name into the user''s module folder' {
        $r = Invoke-AsUser @"
Install-PSResource PSDocker -Repository $script:repositoryName -Scope CurrentUser
'installed=' + (Get-InstalledPSResource PSDocker).Version
'base=' + (Get-Module -ListAvailable PSDocker).ModuleBase
"@
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output | Should -Contain "installed=$script:version"
        $installed = Join-Path $script:userModules 'PSDocker' $script:version
        $r.Output | Should -Contain "base=$installed"
        $info = Test-ModuleManifest -Path (Join-Path $installed 'PSDocker.psd1') -ErrorAction Stop
        $info.Version.ToString() | Should -Be $script:version
        $info.ExportedCmdlets.Keys | Should -Be @('Invoke-Command')
    }

    It 'imports by name in a new pwsh and runs a command in a container' {
        $r = Invoke-AsUser @"
Import-Module PSDocker
'base=' + (Get-Module PSDocker).ModuleBase
Invoke-Command $script:web ls
'exit=' + `$LASTEXITCODE
"@
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output | Should -Contain "base=$(Join-Path $script:userModules 'PSDocker' $script:version)"
        # The test image's root: busybox's links in bin, its passwd in etc.
        $r.Output | Should -Contain 'bin'
        $r.Output | Should -Contain 'etc'
        $r.Output | Should -Contain 'exit=0'
    }

    It 'shows its own help with Get-Help -Full' {
        # The synopsis the docs give, so the help shown is PSDocker's, not the core cmdlet's.
        $docs = Get-Content -LiteralPath (Join-Path $PSScriptRoot '..' '..' 'docs' 'Invoke-Command.md')
        $synopsis = $docs[([array]::IndexOf($docs, '## SYNOPSIS') + 1)]
        $firstExample = @($docs | Where-Object { $_ -like '### Example 1:*' })[0] -replace '^### '
        $r = Invoke-AsUser @'
Import-Module PSDocker
$full = Get-Help Invoke-Command -Full
$full | Out-String -Width 200
'lines=' + @($full | Out-String -Stream).Count
'@
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $text = $r.Output -join "`n"
        $synopsis | Should -Not -BeNullOrEmpty
        $text | Should -Match ([regex]::Escape($synopsis))
        # -Full adds each parameter's details and the examples to the synopsis and syntax.
        $text | Should -Match '-StringOutput \[<SwitchParameter>\]'
        $firstExample | Should -Not -BeNullOrEmpty
        $text | Should -Match ([regex]::Escape($firstExample))
    }

    It 'updates to a newer build with Update-PSResource, and imports that one' {
        $r = Invoke-AsUser @"
Publish-PSResource -NupkgPath '$script:newerPackage' -Repository $script:repositoryName
Update-PSResource PSDocker -Repository $script:repositoryName -Scope CurrentUser
'installed=' + ((Get-InstalledPSResource PSDocker).Version | Sort-Object | Join-String -Separator ',')
Import-Module PSDocker
'imported=' + (Get-Module PSDocker).Version
'out=' + (Invoke-Command -Name '$script:web' -Command echo -ArgumentList 'updated', 'ok' -StringOutput)
"@
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        # Update-PSResource installs beside the old version, as Update-Module did.
        $r.Output | Should -Contain "installed=$script:version,$script:newerVersion"
        $r.Output | Should -Contain "imported=$script:newerVersion"
        $r.Output | Should -Contain 'out=updated ok'
    }

    It 'uninstalls with Uninstall-PSResource, every version' {
        $r = Invoke-AsUser @'
Uninstall-PSResource PSDocker
'installed=' + @(Get-InstalledPSResource PSDocker -ErrorAction Ignore).Count
'available=' + @(Get-Module -ListAvailable PSDocker).Count
'@
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output | Should -Contain 'installed=0'
        $r.Output | Should -Contain 'available=0'
        @(Get-ChildItem -LiteralPath (Join-Path $script:userModules 'PSDocker') -ErrorAction Ignore) | Should -BeNullOrEmpty
    }
}

Describe 'Importing where the package has no library' {
    BeforeAll {
        # A module folder to break on purpose, laid out as Install-PSResource lays
        # it out (<folder>/PSDocker/<version>/): the package unpacked, less NuGet's parts.
        function New-ModuleCopy {
            $folder = New-TempFolder
            $copy = Join-Path $folder 'PSDocker' $script:version
            [System.IO.Compression.ZipFile]::ExtractToDirectory($script:package, $copy)
            Remove-Item -Recurse -Force -LiteralPath (Join-Path $copy '_rels'), (Join-Path $copy 'package'),
                (Join-Path $copy '[Content_Types].xml'), (Join-Path $copy 'PSDocker.nuspec')
            [pscustomobject]@{ Modules = $folder; Module = $copy }
        }

        # The entry of native/platforms.json for this machine, matched as the module
        # matches it (PSDocker.dll embeds the list; the package has no copy of it).
        function Get-ThisPlatform {
            $list = (Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot '..' '..' 'native' 'platforms.json') | ConvertFrom-Json).platforms
            $arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString()
            @($list | Where-Object {
                    [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Create($_.os)) -and $_.arch -ceq $arch
                })[0]
        }

        # Imports PSDocker by name; prints the error's own text on one line, unwrapped
        # by any error view, and exits 1 when the import fails.
        $script:importOrSayWhy = @'
try { Import-Module PSDocker -ErrorAction Stop; 'imported' }
catch { 'error=' + $_.Exception.Message; exit 1 }
'@
    }

    It 'imports from the unbroken copy (so the failures below are the breakage''s)' {
        $copy = New-ModuleCopy
        $r = Invoke-InNewPwsh $copy.Modules $script:importOrSayWhy
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output | Should -Contain 'imported'
    }

    It 'fails at once when this platform''s library is missing from the folder' {
        $copy = New-ModuleCopy
        $here = Get-ThisPlatform
        Remove-Item -Recurse -Force -LiteralPath (Join-Path $copy.Module 'runtimes' $here.rid)

        $r = Invoke-InNewPwsh $copy.Modules $script:importOrSayWhy
        $r.ExitCode | Should -Be 1 -Because ($r.Output -join "`n")
        (@($r.Output | Where-Object { $_ -like 'error=*' }) -join "`n") | Should -Match ([regex]::Escape("native library for $($here.rid) is missing"))
    }
}
