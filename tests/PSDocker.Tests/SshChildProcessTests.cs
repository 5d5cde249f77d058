using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;

namespace PSDocker.Tests;

/// <summary>
/// Over ssh://, Go starts ssh as a child of this process and waits for it
/// (os/exec), while .NET reaps the children it starts on SIGCHLD. Neither may
/// take the other's exit status: ssh calls interleaved and overlapping with
/// System.Diagnostics.Process runs must all report their own exit codes.
/// DOCKER_HOST is set in this process's environment for the calls, so the
/// class runs alone.
/// </summary>
[Collection(nameof(SshChildProcessTests))]
public sealed class SshChildProcessTests : IClassFixture<DockerFixture>, IDisposable
{
    private readonly List<string> _containers = new();
    private readonly string _dir;
    private readonly string _url;

    public SshChildProcessTests(DockerFixture docker)
    {
        _ = docker; // builds the test image
        _dir = Directory.CreateTempSubdirectory("psd-sshd-").FullName;
        int port = FreePort();
        try
        {
            string[] userAndAlias = RunScript("start", _dir, port.ToString()).Split(' ');
            _url = $"ssh://{userAndAlias[0]}@{userAndAlias[1]}:{port}";
        }
        catch (InvalidOperationException)
        {
            RunScript("stop", _dir); // xunit does not dispose what a constructor failed to make
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            foreach (string name in _containers)
            {
                DockerFixture.Docker("rm", "-f", name);
            }
            RunScript("stop", _dir);
        }
        catch (InvalidOperationException)
        {
            // Best effort, as for containers.
        }
    }

    [ToolFact("sshd", "ssh", "ssh-keygen", "useradd", "pgrep")]
    public async Task SshCallsAndDotNetProcessesKeepTheirOwnExitCodes()
    {
        // No network: the test needs none, and a daemon started elsewhere with --bridge=none deletes docker0.
        string web = DockerFixture.UniqueName("ssh");
        DockerFixture.Docker("run", "-d", "--network", "none", "--name", web, DockerFixture.Image, "sleep", "86400");
        _containers.Add(web);
        string? saved = Environment.GetEnvironmentVariable("DOCKER_HOST");
        Environment.SetEnvironmentVariable("DOCKER_HOST", _url);
        try
        {
            for (int i = 0; i < 5; i++)
            {
                // Overlapping: a .NET child ends while the ssh child carries a call.
                Task<int> overlapping = Task.Run(() => Exit("/bin/sh", "-c", "sleep 0.1; exit 5"));
                CommandRun viaSsh = CommandRun.Of(web, ["sh", "-c", $"sleep 0.3; echo {i}; exit 3"]);
                Assert.Equal(Status.Ended, viaSsh.Outcome);
                Assert.Equal(3, viaSsh.Report.ExitCode);
                Assert.Equal(new[] { i.ToString() }, viaSsh.Stdout);
                Assert.Equal(5, await overlapping);

                // Interleaved: one after the other.
                Assert.Equal(0, Exit("/bin/true"));
                Assert.Equal(7, Exit("/bin/sh", "-c", "exit 7"));
                Assert.Equal(0, CommandRun.Of(web, ["true"]).Report.ExitCode);
                Assert.Equal(0, Exit("docker", "version"));
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", saved);
        }
    }

    private static int Exit(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using Process p = Process.Start(start)!;
        p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string RunScript(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(DockerFixture.RepoRoot, "tests", "servers", "sshd.sh"));
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }
        using Process p = Process.Start(start)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        string stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"sshd.sh {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        }
        return stdout.Trim();
    }
}

/// <summary>It changes DOCKER_HOST in this process: nothing else may run beside it.</summary>
[CollectionDefinition(nameof(SshChildProcessTests), DisableParallelization = true)]
public class SshChildProcessCollection
{
}

/// <summary>A fact that is skipped, saying why, when a tool it needs is not installed or it cannot be root.</summary>
public sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(params string[] tools)
    {
        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Append("/usr/sbin").ToArray();
        string? missing = tools.FirstOrDefault(t => !path.Any(dir => File.Exists(Path.Combine(dir, t))));
        if (missing is not null)
        {
            Skip = $"{missing} is not installed (.ci/run installs it)";
        }
        else if (Environment.UserName != "root")
        {
            Skip = "starting test servers needs root";
        }
    }
}
