using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace PSDocker.Tests;

/// <summary>
/// Many calls, many threads, much output, through the real library and
/// daemon: every output right, and memory, handles, goroutines and sockets
/// back where they were. The counts here fit CI; PSD_SOAK=1 (build.ps1
/// soak) runs the full sizes: 20,000 calls, 32 x 200, 1 GB.
/// </summary>
[Collection(nameof(SignalStressTests))] // alone: they measure the process
public class LoadTests : IClassFixture<DockerFixture>
{
    private static readonly bool Soak = Environment.GetEnvironmentVariable("PSD_SOAK") == "1";
    private readonly DockerFixture _docker;
    private readonly ITestOutputHelper _output;

    public LoadTests(DockerFixture docker, ITestOutputHelper output) => (_docker, _output) = (docker, output);

    [Fact]
    public void SequentialCallsGiveBackWhatTheyTake()
    {
        string web = _docker.RunningContainer("seq");
        int calls = Soak ? 20_000 : 300;
        CommandRun.Of(web, ["echo", "warm"]);
        (long memory, LibraryStats stats, int sockets) before = Measure();
        for (int i = 0; i < calls; i++)
        {
            CommandRun run = CommandRun.Of(web, ["echo", i.ToString()]);
            Assert.Equal([i.ToString()], run.Stdout);
        }
        (long memory, LibraryStats stats, int sockets) after = Settle(before);
        _output.WriteLine($"{calls} calls: working set {before.memory >> 20} -> {after.memory >> 20} MB; {before.stats} -> {after.stats}; sockets {before.sockets} -> {after.sockets}");
        Assert.True(after.memory - before.memory < 20 << 20, $"working set grew by {(after.memory - before.memory) >> 20} MB over {calls} calls");
        Assert.Equal(before.stats.Handles, after.stats.Handles);
        Assert.True(after.stats.Goroutines <= before.stats.Goroutines + 2, $"goroutines {before.stats.Goroutines} -> {after.stats.Goroutines}");
        Assert.True(after.sockets <= before.sockets + 2, $"sockets {before.sockets} -> {after.sockets}");
    }

    [Fact]
    public async Task ManyThreadsWhileGcsAreForced()
    {
        string web = _docker.RunningContainer("threads");
        int threads = 32, callsEach = Soak ? 200 : 8;
        using var done = new CancellationTokenSource();
        Task collector = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                Thread.Sleep(5);
            }
        });
        var clock = Stopwatch.StartNew();
        Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
        {
            for (int i = 0; i < callsEach; i++)
            {
                string tag = $"{t}-{i}";
                CommandRun run = CommandRun.Of(web, ["sh", "-c", $"echo {tag}; echo e{tag} >&2"]);
                // No order between the two: the daemon copies each stream on its own.
                Assert.Equal([tag], run.Stdout);
                Assert.Equal(["e" + tag], run.Lines.Where(l => l.Stream == OutputStream.Stderr).Select(l => l.Text));
                Assert.Equal(0, run.Report.ExitCode);
            }
        });
        done.Cancel();
        await collector;
        _output.WriteLine($"{threads} threads x {callsEach} calls with forced GCs: {clock.Elapsed.TotalSeconds:0.0} s, every output right");
    }

    [Fact]
    public void MuchOutputKeepsMemoryFlat()
    {
        string web = _docker.RunningContainer("bulk");
        long megabytes = Soak ? 1024 : 100;
        long before = Measure().memory;
        long peak = before, chars = 0;
        using ContainerCommand command = ContainerCommand.Start(TestRequest.Of(web,
            ["sh", "-c", $"head -c {megabytes << 20} /dev/zero | tr '\\0' x | fold -w 1000"], TimeSpan.Zero), false);
        CommandEvent e;
        int n = 0;
        while ((e = command.Read(TimeSpan.FromMilliseconds(100))).Status.IsOutcome() == false)
        {
            if (e.Status == Status.Data)
            {
                chars += e.Text!.Length;
                if (++n % 10_000 == 0)
                {
                    peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
                }
            }
        }
        Assert.Equal(megabytes << 20, chars);
        _output.WriteLine($"{megabytes} MB in {n} lines: working set peak {(peak - before) >> 20} MB above the start");
        Assert.True(peak - before < 50 << 20, $"working set grew by {(peak - before) >> 20} MB while {megabytes} MB streamed");
    }

    private static (long memory, LibraryStats stats, int sockets) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return (Process.GetCurrentProcess().WorkingSet64, LibraryStats.Read(), OpenSockets());
    }

    // Closing is asynchronous in the library and the runtime: give it a moment.
    private static (long memory, LibraryStats stats, int sockets) Settle((long memory, LibraryStats stats, int sockets) before)
    {
        (long memory, LibraryStats stats, int sockets) now = Measure();
        for (int i = 0; i < 50 && (now.stats.Goroutines > before.stats.Goroutines + 2 || now.sockets > before.sockets + 2); i++)
        {
            Thread.Sleep(100);
            now = Measure();
        }
        return now;
    }

    private static int OpenSockets() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos()
            .Count(f => f.LinkTarget is { } target && target.StartsWith("socket:", StringComparison.Ordinal));
}
