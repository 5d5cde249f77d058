using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using PSDocker;

namespace PSDocker.Native;

/// <summary>
/// Finds libpsdocker for this OS and architecture inside the module folder
/// (runtimes/&lt;rid&gt;/native/), where pwsh's default probing would not look.
/// Runtime identifiers and file names come from native/platforms.json, built
/// into this assembly, so nothing here can drift from what the build writes.
/// The library is loaded once and never unloaded: a Go runtime cannot be.
/// </summary>
internal static class NativeLibraryResolver
{
    /// <summary>Called once, from NativeMethods' static constructor, before any P/Invoke.</summary>
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryResolver).Assembly, Resolve);

    /// <summary>Every platform in native/platforms.json, built or not.</summary>
    internal static IReadOnlyList<NativePlatform> Platforms { get; } = LoadPlatforms();

    /// <summary>The entry for the running OS and process architecture, if the list has one.</summary>
    internal static NativePlatform? Current { get; } = Platforms.FirstOrDefault(p => p.IsCurrent);

    /// <summary>Where the library is expected; for error messages too.</summary>
    internal static string ExpectedPath
    {
        get
        {
            if (Current is not { } p)
            {
                return Messages.NoLibraryForThisPlatform;
            }
            string dir = Path.GetDirectoryName(typeof(NativeLibraryResolver).Assembly.Location) ?? AppContext.BaseDirectory;
            return Path.Combine(dir, "runtimes", p.Rid, "native", p.File);
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library || Current is null)
        {
            return 0;
        }
        string path = ExpectedPath;
        return File.Exists(path) ? NativeLibrary.Load(path) : 0;
    }

    private static IReadOnlyList<NativePlatform> LoadPlatforms()
    {
        using Stream stream = typeof(NativeLibraryResolver).Assembly.GetManifestResourceStream("PSDocker.platforms.json")
            ?? throw new InvalidOperationException("PSDocker.dll lacks its platforms.json resource");
        using JsonDocument doc = JsonDocument.Parse(stream);
        return doc.RootElement.GetProperty("platforms").EnumerateArray().Select(e => new NativePlatform(
            e.GetProperty("rid").GetString()!,
            e.GetProperty("os").GetString()!,
            e.GetProperty("arch").GetString()!,
            e.GetProperty("file").GetString()!,
            e.TryGetProperty("notBuilt", out JsonElement why) ? why.GetString() : null)).ToArray();
    }
}

/// <summary>One entry of native/platforms.json: os is an OSPlatform name, arch an Architecture name.</summary>
internal sealed record NativePlatform(string Rid, string Os, string Arch, string File, string? NotBuilt)
{
    public bool IsCurrent =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Create(Os)) &&
        string.Equals(RuntimeInformation.ProcessArchitecture.ToString(), Arch, StringComparison.Ordinal);
}
