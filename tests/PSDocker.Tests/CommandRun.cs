using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace PSDocker.Tests;

/// <summary>Everything one command produced, read to its end as the cmdlet reads it.</summary>
internal sealed class CommandRun
{
    public List<(OutputStream Stream, string Text)> Lines { get; } = new();
    public bool Started { get; private set; }
    public Status Outcome { get; private set; }
    public CommandReport Report { get; private set; } = null!;
    public string? WholeOutput { get; private set; }

    public IEnumerable<string> Stdout => Lines.FindAll(l => l.Stream == OutputStream.Stdout).ConvertAll(l => l.Text);

    public static CommandRun Of(string container, string[] argv, int timeoutSeconds = 0, bool wholeStdout = false)
    {
        using ContainerCommand command = ContainerCommand.Start(
            TestRequest.Of(container, argv, TimeSpan.FromSeconds(timeoutSeconds)), wholeStdout);
        return ReadToEnd(command);
    }

    public static CommandRun ReadToEnd(ContainerCommand command, TimeSpan? limit = null)
    {
        var run = new CommandRun();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (limit ?? TimeSpan.FromSeconds(60)))
        {
            CommandEvent e = command.Read(TimeSpan.FromMilliseconds(100));
            switch (e.Status)
            {
                case Status.Started:
                    run.Started = true;
                    break;
                case Status.Data:
                    run.Lines.Add((e.Stream, e.Text!));
                    break;
                case var outcome when outcome.IsOutcome():
                    run.Outcome = command.Outcome!.Value;
                    run.Report = command.Report!;
                    run.WholeOutput = command.WholeOutput;
                    return run;
            }
        }
        throw new TimeoutException("the command did not finish");
    }
}

/// <summary>A CommandRequest as the cmdlet makes one: the DOCKER_* settings from this process's environment.</summary>
internal static class TestRequest
{
    public static CommandRequest Of(string container, string[] argv, TimeSpan timeout) => new()
    {
        Container = container,
        Argv = argv,
        TimeoutMs = (long)timeout.TotalMilliseconds,
        Settings = Settings.FromEnvironment(),
    };
}
