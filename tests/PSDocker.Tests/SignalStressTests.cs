using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// The short version of build.ps1 stress (tests/Stress): the library this
/// suite loads must survive .NET threads calling into Go while SIGRTMIN hits
/// them every ~10 µs and GCs are forced. Without native/signals.c's measures
/// the process dies within seconds on this machine; a crash fails this test
/// through the child process's exit code.
/// </summary>
[Collection(nameof(SignalStressTests))]
public class SignalStressTests
{
    [Fact]
    public async Task GoInsideCoreClrSurvivesSigrtminAndForcedGcs()
    {
        string library = Native.NativeLibraryResolver.ExpectedPath;
        string project = Path.Combine(DockerFixture.RepoRoot, "tests", "Stress", "PSDocker.Stress.csproj");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "run", "--project", project, "-c", "Release", "--", "--library", library, "--seconds", "10" })
        {
            start.ArgumentList.Add(a);
        }
        using Process p = Process.Start(start)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();

        Assert.True(p.ExitCode == 0, $"stress run exited {p.ExitCode}\n{stdout}\n{await stderr}");
        Assert.Contains("SA_ONSTACK before-load=False after-load=False", stdout);
        Match summary = Regex.Match(stdout, @"^summary .*calls=(\d+) .*signals=(\d+) .*mismatches=0", RegexOptions.Multiline);
        Assert.True(summary.Success, stdout);
        Assert.True(long.Parse(summary.Groups[1].Value) > 0 && long.Parse(summary.Groups[2].Value) > 0, summary.Value);
    }
}

/// <summary>The stress run loads both cores: it runs alone, not beside the timing-sensitive daemon tests.</summary>
[CollectionDefinition(nameof(SignalStressTests), DisableParallelization = true)]
public class SignalStressCollection
{
}
