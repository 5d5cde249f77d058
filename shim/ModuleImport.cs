using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using PSDocker.Native;

namespace PSDocker;

/// <summary>
/// Runs when PowerShell imports PSDocker.dll (the manifest's root module): a
/// platform without a native library fails the import at once, with a message
/// that names it, instead of the first call. It lives in the assembly, not in a
/// root script, because a script costs every import a few hundred milliseconds
/// of parsing and compiling; this costs a read of the embedded platform list.
/// </summary>
public sealed class ModuleImport : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        if (Problem(NativeLibraryResolver.Current, NativeLibraryResolver.ExpectedPath, File.Exists) is { } problem)
        {
            throw new PlatformNotSupportedException(problem);
        }
    }

    /// <summary>Why PSDocker cannot run here, or null when it can.</summary>
    internal static string? Problem(NativePlatform? here, string libraryPath, Func<string, bool> exists)
    {
        if (here is null)
        {
            return Messages.PlatformUnsupported(Supported());
        }
        if (here.NotBuilt is { } why)
        {
            return Messages.PlatformNotBuilt(here, why, Supported());
        }
        return exists(libraryPath) ? null : Messages.LibraryMissing(here, libraryPath, Supported());
    }

    // Only for a message: an import that succeeds does not build it.
    private static string Supported() =>
        string.Join(", ", NativeLibraryResolver.Platforms.Where(p => p.NotBuilt is null).Select(p => p.Rid));
}
