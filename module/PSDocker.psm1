# PSDocker's root module. The cmdlet lives in PSDocker.dll (NestedModules);
# this script checks, at import, that the native library for this platform
# is in the module, so a wrong platform fails here with a clear message
# instead of at the first call.
$rid = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
$rid += '-' + [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
$library = Join-Path $PSScriptRoot 'runtimes' $rid 'native' $(if ($IsWindows) { 'psdocker.dll' } elseif ($IsMacOS) { 'libpsdocker.dylib' } else { 'libpsdocker.so' })
if (-not (Test-Path -LiteralPath $library)) {
    throw "PSDocker has no native library for $rid (expected $library). This build supports linux-x64."
}
Export-ModuleMember -Cmdlet 'Invoke-Command'
