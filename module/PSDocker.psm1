# PSDocker's root module. The cmdlet lives in PSDocker.dll (NestedModules);
# this script checks, at import, that the module carries a native library for
# this OS and architecture, so a wrong platform fails here with a clear message
# instead of at the first call. platforms.json (native/platforms.json in the
# source) is the one list of platforms; the cmdlet's resolver reads the same.
$platforms = (Get-Content -Raw -LiteralPath (Join-Path $PSScriptRoot 'platforms.json') | ConvertFrom-Json).platforms
$architecture = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString()
$here = @($platforms | Where-Object {
        [System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::Create($_.os)) -and
        $_.arch -ceq $architecture
    })
$supported = ($platforms | Where-Object { -not $_.PSObject.Properties['notBuilt'] } | ForEach-Object rid) -join ', '
if ($here.Count -eq 0) {
    throw "PSDocker does not run on $([System.Runtime.InteropServices.RuntimeInformation]::OSDescription) ($architecture): it has native libraries for $supported only."
}
$platform = $here[0]
if ($platform.PSObject.Properties['notBuilt']) {
    $os = if ($platform.os -eq 'OSX') { 'macOS' } else { $platform.os }
    throw "PSDocker is not built for $os yet ($($platform.rid): $($platform.notBuilt)). It runs on $supported."
}
$library = Join-Path $PSScriptRoot 'runtimes' $platform.rid 'native' $platform.file
if (-not (Test-Path -LiteralPath $library)) {
    throw "PSDocker's native library for $($platform.rid) is missing (expected $library). Rebuild the module (pwsh ./build.ps1) or reinstall it. Platforms: $supported."
}
Export-ModuleMember -Cmdlet 'Invoke-Command'
