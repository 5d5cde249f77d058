#Requires -Version 7.4
# Installs the package as a user without a gallery would: unpack the .nupkg into
# a fresh folder on PSModulePath (<folder>/PSDocker/<version>/, the layout
# Install-PSResource makes), then, in a new pwsh, Import-Module PSDocker by name
# and run Invoke-Command against the real daemon.
# build.ps1 platforms sets $env:PSDOCKER_PACKAGE to out/PSDocker.<version>.nupkg.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '..' 'pester' 'TestContainers.psm1') -Force
    Add-Type -AssemblyName System.IO.Compression.FileSystem

    $script:package = $env:PSDOCKER_PACKAGE
    if (-not $script:package -or -not (Test-Path -LiteralPath $script:package)) {
        throw 'Set $env:PSDOCKER_PACKAGE to the .nupkg; pwsh ./build.ps1 platforms does.'
    }
    $zip = [System.IO.Compression.ZipFile]::OpenRead($script:package)
    try {
        $entry = $zip.GetEntry('PSDocker.nuspec')
        $reader = [System.IO.StreamReader]::new($entry.Open())
        try { $script:nuspec = [xml] $reader.ReadToEnd() } finally { $reader.Dispose() }
        $script:entries = @($zip.Entries | ForEach-Object FullName)
    } finally {
        $zip.Dispose()
    }
    $script:version = $script:nuspec.package.metadata.version

    # Expand-Archive takes only .zip names; ZipFile reads a .nupkg as it is.
    # Every folder this file makes, removed in AfterAll.
    $script:folders = [System.Collections.Generic.List[string]]::new()
    $script:modules = Join-Path ([System.IO.Path]::GetTempPath()) "psd-install-$([guid]::NewGuid().ToString('N'))"
    $script:folders.Add($script:modules)
    $script:installed = Join-Path $script:modules 'PSDocker' $script:version
    [System.IO.Compression.ZipFile]::ExtractToDirectory($script:package, $script:installed)

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

    # A copy of the installed module in its own modules folder, to break on purpose.
    function New-ModuleCopy {
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) "psd-install-$([guid]::NewGuid().ToString('N'))"
        $script:folders.Add($folder)
        $copy = Join-Path $folder 'PSDocker' $script:version
        New-Item -ItemType Directory -Force -Path (Split-Path $copy) | Out-Null
        Copy-Item -Recurse -LiteralPath $script:installed -Destination $copy
        [pscustomobject]@{ Modules = $folder; Module = $copy }
    }
}

AfterAll {
    if ($script:web) { Remove-TestContainer $script:web }
    foreach ($folder in $script:folders) { Remove-Item -Recurse -Force -LiteralPath $folder -ErrorAction Ignore }
}

Describe 'The package' {
    It 'is named after the manifest''s version' {
        Split-Path -Leaf $script:package | Should -Be "PSDocker.$($script:version).nupkg"
        $manifest = Import-PowerShellDataFile (Join-Path $script:installed 'PSDocker.psd1')
        $script:version | Should -Be $manifest.ModuleVersion
    }

    It 'carries the manifest''s metadata in its nuspec, as the gallery reads it' {
        $manifest = Import-PowerShellDataFile (Join-Path $script:installed 'PSDocker.psd1')
        $m = $script:nuspec.package.metadata
        $m.id | Should -Be 'PSDocker'
        $m.authors | Should -Be $manifest.Author
        $m.description | Should -Be $manifest.Description
        $m.projectUrl | Should -Be $manifest.PrivateData.PSData.ProjectUri
        $m.licenseUrl | Should -Be $manifest.PrivateData.PSData.LicenseUri
        $m.releaseNotes | Should -Be $manifest.PrivateData.PSData.ReleaseNotes
        $tags = $m.tags -split ' '
        $tags | Should -Contain 'PSModule'
        foreach ($tag in $manifest.PrivateData.PSData.Tags) { $tags | Should -Contain $tag }
    }

    It 'has NuGet''s parts and no build debris' {
        $script:entries | Should -Contain '[Content_Types].xml'
        $script:entries | Should -Contain '_rels/.rels'
        @($script:entries | Where-Object { $_ -like 'package/services/metadata/core-properties/*.psmdcp' }).Count | Should -Be 1
        @($script:entries | Where-Object { $_ -match '\.(h|pdb)$|\.deps\.json$|(^|/)(obj|bin)/' }) | Should -BeNullOrEmpty
    }

    It 'passes Test-ModuleManifest once installed' {
        $info = Test-ModuleManifest -Path (Join-Path $script:installed 'PSDocker.psd1') -ErrorAction Stop
        $info.Version.ToString() | Should -Be $script:version
        $info.ExportedCmdlets.Keys | Should -Be @('Invoke-Command')
    }
}

Describe 'Installed by unpacking into PSModulePath' {
    It 'is found by name' {
        $r = Invoke-InNewPwsh $script:modules '(Get-Module -ListAvailable PSDocker | Select-Object -First 1).ModuleBase'
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output[-1] | Should -Be $script:installed
    }

    It 'imports by name in a new pwsh and runs a command against the daemon' {
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module PSDocker
'base=' + (Get-Module PSDocker).ModuleBase
'out=' + (Invoke-Command -Name '$($script:web)' -Command echo -ArgumentList 'installed', 'ok' -StringOutput)
'exit=' + `$LASTEXITCODE
"@
        $r = Invoke-InNewPwsh $script:modules $script
        $r.ExitCode | Should -Be 0 -Because ($r.Output -join "`n")
        $r.Output | Should -Contain "base=$($script:installed)"
        $r.Output | Should -Contain 'out=installed ok'
        $r.Output | Should -Contain 'exit=0'
    }
}

Describe 'Importing where the package has no library' {
    It 'fails at once when this platform''s library is missing from the folder' {
        $copy = New-ModuleCopy
        $here = Get-ThisPlatform
        Remove-Item -Recurse -Force -LiteralPath (Join-Path $copy.Module 'runtimes' $here.rid)

        $r = Invoke-InNewPwsh $copy.Modules $script:importOrSayWhy
        $r.ExitCode | Should -Be 1 -Because ($r.Output -join "`n")
        (@($r.Output | Where-Object { $_ -like 'error=*' }) -join "`n") | Should -Match ([regex]::Escape("native library for $($here.rid) is missing"))
    }
}
