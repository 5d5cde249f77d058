using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace PSDocker.Tests;

/// <summary>Everything one command produced, read to its end as the cmdlet reads it.</summary>
internal sealed class CommandRun
{
    public List<(OutputStream Stream, string Text)> Lines { get; } = new();
    public bool Started { get; private set; }
    public CommandOutcome Outcome { get; private set; }
    public CommandInfo Info { get; private set; } = null!;
    public string? WholeOutput { get; private set; }

    public IEnumerable<string> Stdout => Lines.FindAll(l => l.Stream == OutputStream.Output).ConvertAll(l => l.Text);

    public static CommandRun Of(string container, string[] argv, int timeoutSeconds = 0, bool wholeStdout = false)
    {
        using ContainerCommand command = ContainerCommand.Start(
            new CommandRequest(container, argv, TimeSpan.FromSeconds(timeoutSeconds)), wholeStdout);
        return ReadToEnd(command);
    }

    public static CommandRun ReadToEnd(ContainerCommand command, TimeSpan? limit = null)
    {
        var run = new CommandRun();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (limit ?? TimeSpan.FromSeconds(60)))
        {
            CommandEvent e = command.Read(TimeSpan.FromMilliseconds(100));
            switch (e.Kind)
            {
                case CommandEventKind.Started:
                    run.Started = true;
                    break;
                case CommandEventKind.Line:
                    run.Lines.Add((e.Stream, e.Text!));
                    break;
                case CommandEventKind.Finished:
                    run.Outcome = command.Outcome!.Value;
                    run.Info = command.Info!;
                    run.WholeOutput = command.WholeOutput;
                    return run;
            }
        }
        throw new TimeoutException("the command did not finish");
    }
}
