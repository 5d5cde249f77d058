using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using PSDocker.Native;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// native/platforms.json is the one owner of runtime identifiers and library
/// file names (issue 12). The resolver reads it (embedded); the files written
/// by hand must not spell any of its values; the library this suite copied
/// (its Link is derived, not written) must be where the resolver looks.
/// </summary>
public class PlatformsTests
{
    private static readonly string ListPath = Path.Combine(DockerFixture.RepoRoot, "native", "platforms.json");

    [Fact]
    public void TheResolverFindsTheLibraryThisSuiteLoads()
    {
        Assert.NotNull(NativeLibraryResolver.Current);
        Assert.True(File.Exists(NativeLibraryResolver.ExpectedPath), NativeLibraryResolver.ExpectedPath + " is missing");
    }

    [Fact]
    public void TheResolverReadsNativePlatformsJson()
    {
        using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(ListPath));
        string[] onDisk = doc.RootElement.GetProperty("platforms").EnumerateArray()
            .Select(e => $"{e.GetProperty("rid")} {e.GetProperty("os")} {e.GetProperty("arch")} {e.GetProperty("file")} {e.TryGetProperty("notBuilt", out _)}")
            .ToArray();
        string[] embedded = NativeLibraryResolver.Platforms
            .Select(p => $"{p.Rid} {p.Os} {p.Arch} {p.File} {p.NotBuilt is not null}")
            .ToArray();
        Assert.Equal(onDisk, embedded);
    }

    [Theory]
    [InlineData("shim/ModuleImport.cs")]
    [InlineData("module/PSDocker.psd1")]
    [InlineData("shim/Native/NativeLibraryResolver.cs")]
    [InlineData("build.ps1")]
    [InlineData("tests/PSDocker.Tests/PSDocker.Tests.csproj")]
    [InlineData("tests/PSDocker.Tests/SignalStressTests.cs")]
    [InlineData("build.sh")]
    [InlineData("tests/platforms/check.sh")]
    [InlineData("tests/platforms/Install.Tests.ps1")]
    public void NoOtherFileSpellsARuntimeIdentifierOrLibraryName(string file)
    {
        string text = File.ReadAllText(Path.Combine(DockerFixture.RepoRoot, file));
        foreach (NativePlatform p in NativeLibraryResolver.Platforms)
        {
            Assert.False(text.Contains(p.Rid, StringComparison.OrdinalIgnoreCase), $"{file} spells {p.Rid}: take it from native/platforms.json");
            Assert.False(text.Contains(p.File, StringComparison.OrdinalIgnoreCase), $"{file} spells {p.File}: take it from native/platforms.json");
        }
    }

    // The import check (shim/ModuleImport.cs) for the platforms this machine is
    // not: Install.Tests.ps1 runs the real import with this platform's library
    // removed; a platform absent from the list or listed but not built can only
    // be reached by handing the check another platform than the running one.
    [Fact]
    public void TheImportCheckPassesWhereTheLibraryIs() =>
        Assert.Null(ModuleImport.Problem(NativeLibraryResolver.Current, NativeLibraryResolver.ExpectedPath, File.Exists));

    [Fact]
    public void TheImportCheckNamesAMissingLibraryAndWhereItWasExpected()
    {
        string? problem = ModuleImport.Problem(NativeLibraryResolver.Current, "/nowhere/lib", _ => false);
        Assert.Equal($"PSDocker's native library for {NativeLibraryResolver.Current!.Rid} is missing (expected /nowhere/lib). Rebuild the module (pwsh ./build.ps1) or reinstall it. Platforms: {Supported()}.", problem);
    }

    [Fact]
    public void TheImportCheckNamesAPlatformNotBuiltAndWhy()
    {
        NativePlatform mac = NativeLibraryResolver.Platforms.First(p => p.NotBuilt is not null);
        string? problem = ModuleImport.Problem(mac, "/nowhere/lib", _ => true);
        Assert.Equal($"PSDocker is not built for macOS yet ({mac.Rid}: {mac.NotBuilt}). It runs on {Supported()}.", problem);
        Assert.DoesNotContain(mac.Rid, Supported());
    }

    [Fact]
    public void TheImportCheckNamesAPlatformNotListed()
    {
        string? problem = ModuleImport.Problem(null, "/nowhere/lib", _ => true);
        Assert.Equal($"PSDocker does not run on {System.Runtime.InteropServices.RuntimeInformation.OSDescription} ({System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}): it has native libraries for {Supported()} only.", problem);
    }

    private static string Supported() => string.Join(", ", NativeLibraryResolver.Platforms.Where(p => p.NotBuilt is null).Select(p => p.Rid));

    [Fact]
    public void TheAssemblyCarriesTheManifestVersionAndTheChangelogHasIt()
    {
        string manifest = File.ReadAllText(Path.Combine(DockerFixture.RepoRoot, "module", "PSDocker.psd1"));
        string version = Regex.Match(manifest, @"(?m)^\s*ModuleVersion\s*=\s*'([0-9.]+)'").Groups[1].Value;
        Version assembly = typeof(ContainerCommand).Assembly.GetName().Version!;
        Assert.Equal(version, $"{assembly.Major}.{assembly.Minor}.{assembly.Build}");
        string changelog = File.ReadAllText(Path.Combine(DockerFixture.RepoRoot, "CHANGELOG.md"));
        Assert.Matches(new Regex($@"(?m)^## {Regex.Escape(version)} - \d{{4}}-\d{{2}}-\d{{2}}$"), changelog);
    }
}
