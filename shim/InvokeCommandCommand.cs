using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;

namespace PSDocker;

/// <summary>
/// Invoke-Command: runs a command in a running container and streams its
/// output. Everything that touches the pipeline happens on the pipeline
/// thread in ProcessRecord; StopProcessing only cancels.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Command")]
[OutputType(typeof(string))]
public sealed class InvokeCommandCommand : PSCmdlet
{
    // How long one read waits for output before the loop looks at Stopping.
    // Cancel wakes a waiting read at once; this only bounds a missed cancel.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    // How many stderr lines an error carries.
    private const int StderrTailLines = 10;

    private readonly object _gate = new();
    private ContainerCommand? _running;

    /// <summary>The name or ID of a running container.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The executable to run; no shell is involved.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Command { get; set; } = "";

    /// <summary>Arguments for Command, passed verbatim.</summary>
    [Parameter]
    public string[]? ArgumentList { get; set; }

    /// <summary>Seconds to wait before giving up; 0 means no limit.</summary>
    [Parameter(Position = 3)]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; }

    /// <summary>Return all of stdout as one string.</summary>
    [Parameter]
    public SwitchParameter StringOutput { get; set; }

    protected override void ProcessRecord()
    {
        var elapsed = Stopwatch.StartNew();
        var argv = new List<string> { Command };
        argv.AddRange((ArgumentList ?? []).Select(a => a ?? ""));
        var request = new CommandRequest(Name, argv, TimeSpan.FromSeconds(Timeout));

        ContainerCommand command;
        try
        {
            command = ContainerCommand.Start(request, StringOutput.IsPresent);
        }
        catch (ContainerCommandException e)
        {
            SetLastExitCode(null);
            WriteError(CommandErrors.Record(e));
            return;
        }
        catch (DllNotFoundException)
        {
            ThrowTerminatingError(CommandErrors.Record(
                CommandErrors.LibraryNotFound(Name, Command, Native.NativeLibraryResolver.ExpectedPath)));
            return;
        }

        lock (_gate)
        {
            _running = command;
        }
        try
        {
            Run(command, elapsed);
        }
        finally
        {
            lock (_gate)
            {
                _running = null;
            }
            command.Dispose(); // closes the stream and the connection, also when the pipeline stops early
        }
    }

    protected override void StopProcessing()
    {
        lock (_gate)
        {
            _running?.Cancel();
        }
    }

    private void Run(ContainerCommand command, Stopwatch elapsed)
    {
        // Under -ErrorAction Stop a stderr line written as an error would end
        // the command; like a native command's, stderr must not do that.
        bool stderrToErrorStream = !StopsOnError();
        var stderrTail = new Queue<string>();
        while (true)
        {
            CommandEvent e = command.Read(PollInterval);
            switch (e.Kind)
            {
                case CommandEventKind.Pending when Stopping:
                    return;
                case CommandEventKind.Pending:
                    break;
                case CommandEventKind.Started:
                    WriteVerbose($"Docker endpoint {command.Info!.Endpoint}; exec {command.Info.ExecId} started in container {Name}.");
                    break;
                case CommandEventKind.Line when e.Stream == OutputStream.Output:
                    WriteObject(e.Text);
                    break;
                case CommandEventKind.Line:
                    if (stderrTail.Count == StderrTailLines)
                    {
                        stderrTail.Dequeue();
                    }
                    stderrTail.Enqueue(e.Text!);
                    if (stderrToErrorStream)
                    {
                        WriteError(new ErrorRecord(new RemoteException(e.Text), "NativeCommandError", ErrorCategory.NotSpecified, Name));
                    }
                    else
                    {
                        Host?.UI?.WriteErrorLine(e.Text); // a runspace without a host has no UI
                    }
                    break;
                case CommandEventKind.Finished:
                    Finish(command, stderrTail.ToArray(), quoteStderr: !stderrToErrorStream, elapsed);
                    return;
            }
        }
    }

    private void Finish(ContainerCommand command, string[] stderr, bool quoteStderr, Stopwatch elapsed)
    {
        CommandInfo info = command.Info!;
        SetLastExitCode(info.ExitCode);
        WriteVerbose($"Exec {info.ExecId} in container {Name}: {command.Outcome}, exit code {info.ExitCode?.ToString() ?? "unknown"}, {elapsed.Elapsed.TotalSeconds:0.000} s.");
        switch (command.Outcome)
        {
            case CommandOutcome.Completed:
                if (StringOutput.IsPresent)
                {
                    WriteObject(command.WholeOutput);
                }
                if (info.ExitCode is not { } code)
                {
                    WriteError(CommandErrors.Record(CommandErrors.ExitCodeUnknown(Name, Command, stderr)));
                }
                else if (code != 0)
                {
                    WriteError(CommandErrors.Record(CommandErrors.NonZeroExit(Name, Command, code, stderr, quoteStderr)));
                }
                break;
            case CommandOutcome.Failed:
                WriteError(CommandErrors.Record(CommandErrors.Failed(info, Command, info.ExitCode, stderr)));
                break;
            case CommandOutcome.TimedOut:
                WriteError(CommandErrors.Record(CommandErrors.Timeout(Name, Command, Timeout, stderr, quoteStderr)));
                break;
            case CommandOutcome.Canceled:
                break; // Ctrl+C: the pipeline is stopping, nothing more to say
        }
    }

    /// <summary>$LASTEXITCODE after every call: the exit code, or -1 when there is none.</summary>
    private void SetLastExitCode(int? exitCode) =>
        SessionState.PSVariable.Set("global:LASTEXITCODE", exitCode ?? -1);

    private bool StopsOnError()
    {
        object? action = MyInvocation.BoundParameters.TryGetValue("ErrorAction", out object? bound)
            ? bound
            : SessionState.PSVariable.GetValue("ErrorActionPreference");
        return LanguagePrimitives.TryConvertTo(action, out ActionPreference preference)
            && preference is ActionPreference.Stop or ActionPreference.Inquire;
    }
}
