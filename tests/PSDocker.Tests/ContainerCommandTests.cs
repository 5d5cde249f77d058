using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace PSDocker.Tests;

// ContainerCommand is what the cmdlet drives: these tests go through the real
// P/Invoke layer, the Go library and the real daemon.
public class ContainerCommandTests : IClassFixture<DockerFixture>
{
    private readonly DockerFixture _docker;

    public ContainerCommandTests(DockerFixture docker) => _docker = docker;

    [Fact]
    public void InputReachesStdinAndClosingItEndsTheCommand()
    {
        string web = _docker.RunningContainer("stdin");
        CommandRequest request = TestRequest.Of(web, ["cat"], TimeSpan.Zero);
        request.Stdin = true;
        using ContainerCommand command = ContainerCommand.Start(request, false);
        Assert.Equal(4, command.WriteInput("a\nb\n"u8));
        command.CloseInput();
        CommandRun run = CommandRun.ReadToEnd(command);
        Assert.Equal(Status.Ended, run.Outcome);
        Assert.Equal(["a", "b"], run.Stdout);
        Assert.Null(command.WriteInput("late\n"u8)); // the command takes no more
    }

    [Fact]
    public void WithoutStdinTheCommandTakesNoInput()
    {
        string web = _docker.RunningContainer("nostdin");
        using ContainerCommand command = ContainerCommand.Start(TestRequest.Of(web, ["cat"], TimeSpan.Zero), false);
        Assert.Null(command.WriteInput("x\n"u8));
        Assert.Empty(CommandRun.ReadToEnd(command).Stdout);
    }

    [Fact]
    public void StreamsStdoutLinesAndTheExitCode()
    {
        string web = _docker.RunningContainer("lines");
        CommandRun run = CommandRun.Of(web, ["sh", "-c", "echo one; printf 'two\\r\\nthree'"]);
        Assert.True(run.Started);
        Assert.Equal(Status.Ended, run.Outcome);
        Assert.Equal(["one", "two", "three"], run.Stdout);
        Assert.Equal(0, run.Report.ExitCode);
        Assert.False(string.IsNullOrEmpty(run.Report.ExecId));
        Assert.Equal(web, run.Report.Container);
    }

    [Fact]
    public void AFirstLineArrivesWhileTheCommandStillRuns()
    {
        string web = _docker.RunningContainer("stream");
        // The command waits for a file only the test creates after seeing "a".
        using ContainerCommand command = ContainerCommand.Start(TestRequest.Of(web,
            ["sh", "-c", "echo a; while [ ! -e /tmp/go ]; do sleep 0.05; done; echo b"], TimeSpan.FromSeconds(60)), false);
        CommandEvent e;
        do
        {
            e = command.Read(TimeSpan.FromMilliseconds(100));
        }
        while (e.Status is Status.Pending or Status.Started);
        Assert.Equal((Status.Data, "a"), (e.Status, e.Text));
        Assert.Null(command.Outcome);
        DockerFixture.Docker("exec", web, "touch", "/tmp/go");
        CommandRun rest = CommandRun.ReadToEnd(command);
        Assert.Equal(["b"], rest.Stdout);
    }

    [Fact]
    public void StderrLinesKeepTheirOrderAgainstStdout()
    {
        string web = _docker.RunningContainer("stderr");
        CommandRun run = CommandRun.Of(web, ["sh", "-c", "echo o1; sleep 0.2; echo e1 >&2; sleep 0.2; echo o2; sleep 0.2; printf e2 >&2; exit 5"]);
        Assert.Equal(
            [(OutputStream.Stdout, "o1"), (OutputStream.Stderr, "e1"), (OutputStream.Stdout, "o2"), (OutputStream.Stderr, "e2")],
            run.Lines);
        Assert.Equal(5, run.Report.ExitCode);
    }

    [Fact]
    public void ArgvArrivesVerbatim()
    {
        string web = _docker.RunningContainer("argv");
        string[] args = ["a b", "\"q\"", "$HOME", "x;y", "", "ünï ✓", "'s'", "*"];
        CommandRun run = CommandRun.Of(web, ["printf", "[%s]\\n", .. args]);
        Assert.Equal(args.Select(a => $"[{a}]"), run.Stdout);
    }

    [Fact]
    public void WholeStdoutIsOneStringWithOneNewlineRemoved()
    {
        string web = _docker.RunningContainer("whole");
        CommandRun run = CommandRun.Of(web, ["sh", "-c", "printf 'x\\ny\\n\\n'; echo err >&2"], wholeStdout: true);
        Assert.Equal("x\ny\n", run.WholeOutput);
        Assert.Equal([(OutputStream.Stderr, "err")], run.Lines);
        Assert.Equal("", CommandRun.Of(web, ["true"], wholeStdout: true).WholeOutput);
    }

    [Fact]
    public void Utf8SplitAcrossFramesAndInvalidBytes()
    {
        string web = _docker.RunningContainer("utf8");
        CommandRun run = CommandRun.Of(web, ["sh", "-c", "printf '\\303'; sleep 0.2; printf '\\251 \\377\\n'"]);
        Assert.Equal(["é \uFFFD"], run.Stdout);
    }

    [Theory]
    [InlineData("no-such-command", "CommandNotFound")]
    [InlineData("/etc/passwd", "CommandNotExecutable")]
    public void StartErrorsAreErrorsNotOutput(string executable, string kind)
    {
        string web = _docker.RunningContainer("start");
        CommandRun run = CommandRun.Of(web, [executable]);
        Assert.Equal(Status.Failed, run.Outcome);
        Assert.Equal(kind, run.Report.Error?.Kind);
        Assert.Contains(executable, run.Report.Error?.Message);
        Assert.Empty(run.Lines);
        Assert.Contains(run.Report.ExitCode, new int?[] { 126, 127 });
    }

    [Fact]
    public void ContainerStates()
    {
        Assert.Equal("ContainerNotFound", CommandRun.Of(DockerFixture.UniqueName("gone"), ["true"]).Report.Error?.Kind);

        string stopped = _docker.RunningContainer("stopped");
        DockerFixture.Docker("stop", "-t", "0", stopped);
        Assert.Equal("ContainerNotRunning", CommandRun.Of(stopped, ["true"]).Report.Error?.Kind);

        string paused = _docker.RunningContainer("paused");
        DockerFixture.Docker("pause", paused);
        try
        {
            CommandRun run = CommandRun.Of(paused, ["true"]);
            Assert.Equal(Status.Failed, run.Outcome);
            Assert.Equal("ContainerPaused", run.Report.Error?.Kind);
            Assert.Null(run.Report.ExitCode);
        }
        finally
        {
            DockerFixture.Docker("unpause", paused);
        }
    }

    [Fact]
    public void TimeoutStopsReadingButKeepsEarlierOutput()
    {
        string web = _docker.RunningContainer("timeout");
        CommandRun run = CommandRun.Of(web, ["sh", "-c", "echo early; sleep 60"], timeoutSeconds: 1);
        Assert.Equal(Status.TimedOut, run.Outcome);
        Assert.Equal(["early"], run.Stdout);
        Assert.Null(run.Report.ExitCode);
    }

    [Fact]
    public void FinalPartialLinesComeOutInArrivalOrder()
    {
        string web = _docker.RunningContainer("partial");
        CommandRun run = CommandRun.Of(web, ["sh", "-c", "printf err >&2; sleep 0.3; printf out"]);
        Assert.Equal([(OutputStream.Stderr, "err"), (OutputStream.Stdout, "out")], run.Lines);
        run = CommandRun.Of(web, ["sh", "-c", "printf out; sleep 0.3; echo e1 >&2; printf e2 >&2"]);
        Assert.Equal([(OutputStream.Stderr, "e1"), (OutputStream.Stdout, "out"), (OutputStream.Stderr, "e2")], run.Lines);
    }

    [Fact]
    public void TimeoutEndsTheProcessAndKeepsWholeOutput()
    {
        string web = _docker.RunningContainer("stoptimeout");
        CommandRun run = CommandRun.Of(web, ["sh", "-c", "printf 'a\\nb'; sleep 311"], timeoutSeconds: 1, wholeStdout: true);
        Assert.Equal(Status.TimedOut, run.Outcome);
        Assert.Equal("a\nb", run.WholeOutput);
        Assert.Equal("ended", run.Report.Stop?.State);
        Assert.Equal(2, run.Report.Stop?.GraceSeconds);
        Assert.StartsWith("PSDOCKER_EXEC_ID=", run.Report.Marker);
        DockerFixture.WaitUntilGone(web, "sleep 311");
    }

    [Fact]
    public void StopAndWaitEndsTheProcessAndReportsTheStop()
    {
        string web = _docker.RunningContainer("stopandwait");
        using ContainerCommand command = ContainerCommand.Start(TestRequest.Of(web, ["sh", "-c", "echo first; sleep 312"], TimeSpan.Zero), false);
        while (command.Read(TimeSpan.FromMilliseconds(100)).Status != Status.Data)
        {
        }
        command.StopAndWait(TimeSpan.FromSeconds(1));
        Assert.Equal(Status.Stopped, command.Outcome);
        Assert.Equal("ended", command.Report!.Stop?.State);
        Assert.Null(command.Report.ExitCode);
        DockerFixture.WaitUntilGone(web, "sleep 312");
    }

    [Fact]
    public void ACompletedCommandReportsNoStop()
    {
        string web = _docker.RunningContainer("nostop");
        CommandRun run = CommandRun.Of(web, ["true"]);
        Assert.Null(run.Report.Stop);
    }

    [Fact]
    public async Task StopFromAnotherThreadEndsTheRead()
    {
        string web = _docker.RunningContainer("stop");
        using ContainerCommand command = ContainerCommand.Start(TestRequest.Of(web, ["sleep", "60"], TimeSpan.Zero), false);
        Task<CommandRun> reading = Task.Run(() => CommandRun.ReadToEnd(command));
        await Task.Delay(500);
        command.Stop();
        CommandRun run = await reading.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Status.Stopped, run.Outcome);
        command.Stop(); // again, harmless
    }

    [Fact]
    public void DisposingReleasesTheConnection()
    {
        string web = _docker.RunningContainer("release");
        int before = OpenSockets();
        for (int i = 0; i < 20; i++)
        {
            using ContainerCommand command = ContainerCommand.Start(TestRequest.Of(web, ["sleep", "60"], TimeSpan.Zero), false);
            while (command.Read(TimeSpan.FromMilliseconds(100)).Status != Status.Started)
            {
            }
        }
        // Closing is asynchronous inside the library: give it a moment.
        int after = OpenSockets();
        for (int i = 0; i < 50 && after > before + 2; i++)
        {
            Thread.Sleep(100);
            after = OpenSockets();
        }
        Assert.True(after <= before + 2, $"{after - before} sockets still open after 20 disposed commands");
    }

    [Fact]
    public void DockerHostChangedInTheProcessTakesEffectOnTheNextCall()
    {
        string web = _docker.RunningContainer("env");
        string? saved = Environment.GetEnvironmentVariable("DOCKER_HOST");
        try
        {
            // Like $env:DOCKER_HOST in pwsh: on Unix this changes only .NET's copy.
            Environment.SetEnvironmentVariable("DOCKER_HOST", "unix:///nonexistent/psd.sock");
            CommandRun unreachable = CommandRun.Of(web, ["true"]);
            Assert.Equal("DaemonUnreachable", unreachable.Report.Error?.Kind);
            Assert.Contains("unix:///nonexistent/psd.sock", unreachable.Report.Error?.Message);
            Assert.Contains("DOCKER_HOST", unreachable.Report.Error?.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", saved);
        }
        Assert.Equal(0, CommandRun.Of(web, ["true"]).Report.ExitCode);
    }

    [Fact]
    public void InvalidRequestsThrow()
    {
        var e = Assert.Throws<ContainerCommandException>(() => ContainerCommand.Start(TestRequest.Of("", ["true"], TimeSpan.Zero), false));
        Assert.Equal("InvalidRequest", e.ErrorId);
    }

    [Fact]
    public void FiftyMegabytesOfOutput()
    {
        string web = _docker.RunningContainer("big");
        using ContainerCommand command = ContainerCommand.Start(TestRequest.Of(web,
            ["sh", "-c", "head -c 52428800 /dev/zero | tr '\\0' 'x' | fold -w 1000"], TimeSpan.Zero), false);
        long chars = 0, lines = 0;
        CommandEvent e;
        while ((e = command.Read(TimeSpan.FromMilliseconds(100))).Status.IsOutcome() == false)
        {
            if (e.Status == Status.Data)
            {
                chars += e.Text!.Length;
                lines++;
            }
        }
        Assert.Equal((52_428_800L, 52_429L), (chars, lines));
    }

    private static int OpenSockets() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(f => f.LinkTarget is { } target && target.StartsWith("socket:", StringComparison.Ordinal));
}
