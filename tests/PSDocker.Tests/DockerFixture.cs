using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace PSDocker.Tests;

/// <summary>
/// The real daemon: builds the test image once and makes containers with
/// unique names, removed when the test class is done.
/// </summary>
public sealed class DockerFixture : IDisposable
{
    public const string Image = "psdocker-test:busybox";

    private readonly List<string> _containers = new();

    public DockerFixture()
    {
        string script = Path.Combine(RepoRoot, "tests", "image", "build.sh");
        Run("bash", script, Image);
    }

    public static string RepoRoot { get; } = FindRepoRoot();

    public static string UniqueName(string prefix) => $"psd-{prefix}-{Guid.NewGuid():N}"[..36];

    /// <summary>A running container that idles until removed.</summary>
    public string RunningContainer(string prefix)
    {
        string name = UniqueName(prefix);
        Docker("run", "-d", "--network", "none", "--name", name, Image, "sleep", "86400");
        lock (_containers)
        {
            _containers.Add(name);
        }
        return name;
    }

    public static string Docker(params string[] args) => Run("docker", args);

    /// <summary>
    /// Waits until no live process in the container has <paramref name="needle"/> in
    /// its command line; fails after grace (2 s) + 1 s, the promise a stop makes.
    /// </summary>
    public static void WaitUntilGone(string container, string needle)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            string[] live = Docker("exec", container, "ps", "-o", "stat,args").Split('\n')[1..]
                .Where(l => !l.TrimStart().StartsWith('Z') && l.Contains(needle)).ToArray();
            if (live.Length == 0)
            {
                return;
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(3))
            {
                throw new InvalidOperationException($"still running {clock.Elapsed} after the stop: {string.Join("; ", live)}");
            }
            Thread.Sleep(100);
        }
    }

    public void Dispose()
    {
        foreach (string name in _containers)
        {
            try
            {
                Docker("rm", "-f", name);
            }
            catch (InvalidOperationException)
            {
                // Best effort: a leftover container does not fail the suite.
            }
        }
    }

    private static string Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using Process p = Process.Start(start)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr}");
        }
        return stdout.Trim();
    }

    private static string FindRepoRoot()
    {
        for (string? dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "go.mod")))
            {
                return dir;
            }
        }
        throw new InvalidOperationException("cannot find the repository root (go.mod) above " + AppContext.BaseDirectory);
    }
}
