using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace PSDocker.Native;

/// <summary>
/// Finds libpsdocker for this OS and architecture inside the module folder
/// (runtimes/&lt;rid&gt;/native/), where pwsh's default probing would not look.
/// The library is loaded once and never unloaded: a Go runtime cannot be.
/// </summary>
internal static class NativeLibraryResolver
{
    /// <summary>Called once, from NativeMethods' static constructor, before any P/Invoke.</summary>
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    /// <summary>Where the library is expected; for error messages too.</summary>
    internal static string ExpectedPath
    {
        get
        {
            string dir = Path.GetDirectoryName(typeof(NativeLibraryResolver).Assembly.Location) ?? AppContext.BaseDirectory;
            return Path.Combine(dir, "runtimes", RuntimeIdentifier, "native", FileName);
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library)
        {
            return 0;
        }
        string path = ExpectedPath;
        return File.Exists(path) ? NativeLibrary.Load(path) : 0;
    }

    private static string RuntimeIdentifier
    {
        get
        {
            string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            return os + "-" + RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        }
    }

    private static string FileName =>
        OperatingSystem.IsWindows() ? "psdocker.dll" : OperatingSystem.IsMacOS() ? "libpsdocker.dylib" : "libpsdocker.so";
}
