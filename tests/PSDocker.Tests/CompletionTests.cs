using System;
using System.Diagnostics;
using System.Linq;
using Xunit;

namespace PSDocker.Tests;

// What Tab offers for -Name: the list from the real daemon, then the pure
// filtering and quoting (the IArgumentCompleter itself needs PowerShell and
// is tested with TabExpansion2 in tests/pester/Completion.Tests.ps1).
public class CompletionTests : IClassFixture<DockerFixture>
{
    private readonly DockerFixture _docker;

    public CompletionTests(DockerFixture docker) => _docker = docker;

    [Fact]
    public void ListsRunningContainersNewestFirstWithoutPausedOnes()
    {
        string older = _docker.RunningContainer("older");
        string newer = _docker.RunningContainer("newer");
        string paused = _docker.RunningContainer("paused");
        DockerFixture.Docker("pause", paused);
        try
        {
            string[] names = ContainerNameCompleter.ListRunning(TimeSpan.FromSeconds(5)).Select(c => c.Name).ToArray();
            Assert.Contains(older, names);
            Assert.True(Array.IndexOf(names, newer) < Array.IndexOf(names, older), string.Join(", ", names));
            Assert.DoesNotContain(paused, names);
            ContainerSummary summary = ContainerNameCompleter.ListRunning(TimeSpan.FromSeconds(5)).First(c => c.Name == newer);
            Assert.Equal((DockerFixture.Image, 64), (summary.Image, summary.Id.Length));
            Assert.StartsWith("Up", summary.Status);
        }
        finally
        {
            DockerFixture.Docker("unpause", paused);
        }
    }

    [Fact]
    public void AnUnreachableDaemonFailsWithinTheTimeout()
    {
        string? saved = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", "unix:///nonexistent/psd.sock");
            var clock = Stopwatch.StartNew();
            var e = Assert.Throws<ContainerCommandException>(() => ContainerNameCompleter.ListRunning(TimeSpan.FromMilliseconds(900)));
            Assert.Equal("DaemonUnreachable", e.ErrorId);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), clock.Elapsed.ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", saved);
        }
    }

    [Fact]
    public void CandidatesFilterByPrefixKeepOrderAndQuoteWhereNeeded()
    {
        ContainerSummary[] running =
        [
            new() { Name = "web-2", Image = "nginx", Status = "Up 1 minute", Id = new string('a', 64) },
            new() { Name = "db", Image = "postgres", Status = "Up 2 minutes", Id = new string('b', 64) },
            new() { Name = "Web.1", Image = "nginx", Status = "Up 3 minutes", Id = new string('c', 64) },
            new() { Name = "1e3", Image = "busybox", Status = "Up 4 minutes", Id = new string('d', 64) },
        ];
        Assert.Equal(["web-2", "Web.1"], ContainerNameCompleter.Candidates(running, "we").Select(c => c.CompletionText));
        Assert.Equal(["web-2", "db", "Web.1", "'1e3'"], ContainerNameCompleter.Candidates(running, "").Select(c => c.CompletionText));
        Assert.Equal(["'1e3'"], ContainerNameCompleter.Candidates(running, "'1").Select(c => c.CompletionText));
        ContainerNameCompleter.Candidate db = ContainerNameCompleter.Candidates(running, "d").Single();
        Assert.Equal(("db", "postgres, Up 2 minutes, bbbbbbbbbbbb"), (db.ListItemText, db.ToolTip));
    }
}
