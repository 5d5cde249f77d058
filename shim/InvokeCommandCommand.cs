using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using PSDocker.Native;

namespace PSDocker;

/// <summary>
/// Invoke-Command: runs a command in a running container and streams its
/// output. Everything that touches the pipeline happens on the pipeline
/// thread in ProcessRecord; StopProcessing only stops the command.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Command")]
[OutputType(typeof(string))]
public sealed class InvokeCommandCommand : PSCmdlet
{
    // How long one read waits for output before the loop looks at Stopping.
    // A stop wakes a waiting read once the library has checked it (within
    // Bounds.StopReport); this only bounds how soon Stopping is seen.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    // How long a stopped command waits for the library to report whether the
    // process ended: the library's own bound (after which it says
    // "unconfirmed"), and a margin for the report to arrive.
    private static readonly TimeSpan StopBound = Bounds.StopReportBound + TimeSpan.FromSeconds(2);

    // How many stderr lines an error carries.
    private const int StderrTailLines = 10;

    private readonly object _gate = new();
    private ContainerCommand? _running;
    private bool _stopRequested;

    /// <summary>The name or ID of a running container.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(ContainerNameCompleter))]
    public string Name { get; set; } = "";

    /// <summary>The executable to run; no shell is involved.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Command { get; set; } = "";

    /// <summary>Arguments for Command, passed verbatim.</summary>
    [Parameter]
    public string[]? ArgumentList { get; set; }

    /// <summary>Seconds to wait before the command is stopped; 0 means no limit.</summary>
    // Position 3, not 2: the original syntax (the first help file) says so; position 2 is unused.
    [Parameter(Position = 3)]
    [ValidateRange(0, int.MaxValue)]
    public int Timeout { get; set; }

    /// <summary>Return all of stdout as one string.</summary>
    [Parameter]
    public SwitchParameter StringOutput { get; set; }

    protected override void ProcessRecord()
    {
        var elapsed = Stopwatch.StartNew();
        var request = new CommandRequest
        {
            Container = Name,
            Argv = [Command, .. (ArgumentList ?? []).Select(a => a ?? "")],
            TimeoutMs = Timeout * 1000L,
            Settings = Settings.FromEnvironment(), // read at every call: see Settings
        };

        ContainerCommand command;
        try
        {
            command = ContainerCommand.Start(request, StringOutput.IsPresent);
        }
        catch (ContainerCommandException e)
        {
            SetLastExitCode(null);
            WriteError(Messages.Record(e));
            return;
        }
        catch (DllNotFoundException)
        {
            SetLastExitCode(null);
            ThrowTerminatingError(Messages.Record(
                Messages.LibraryNotFound(Name, Command, Native.NativeLibraryResolver.ExpectedPath)));
            return;
        }

        lock (_gate)
        {
            _running = command;
            if (_stopRequested)
            {
                command.Stop(); // Ctrl+C came while the command was starting
            }
        }
        try
        {
            Run(command, elapsed);
        }
        catch (PipelineStoppedException)
        {
            // WriteObject throws this when a later command needs no more
            // input (Select-Object -First) or on Ctrl+C.
            StopAndWriteOutcome(command);
            throw;
        }
        finally
        {
            lock (_gate)
            {
                _running = null;
            }
            command.Dispose(); // closes the stream and the connection
        }
        if (!Stopping && DebugShown())
        {
            WriteDebug(Messages.LibraryAfterCall(LibraryStats.Read()));
        }
    }

    protected override void StopProcessing()
    {
        lock (_gate)
        {
            _stopRequested = true;
            _running?.Stop();
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
            if (Stopping)
            {
                StopAndWriteOutcome(command);
                return;
            }
            CommandEvent e = command.Read(PollInterval);
            switch (e.Status)
            {
                case Status.Started when VerboseShown():
                    WriteVerbose(Messages.Started(command.Report!, Name));
                    break;
                case Status.Data when e.Stream == OutputStream.Stdout:
                    WriteObject(e.Text);
                    break;
                case Status.Data:
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
                case Status.Stopped:
                    StopAndWriteOutcome(command);
                    return;
                case var outcome when outcome.IsOutcome():
                    WriteOutcome(command, stderrTail.ToArray(), quoteStderr: !stderrToErrorStream, elapsed);
                    return;
            }
        }
    }

    /// <summary>The outcome of a command that was not stopped from PowerShell: output, errors, $LASTEXITCODE.</summary>
    private void WriteOutcome(ContainerCommand command, string[] stderr, bool quoteStderr, Stopwatch elapsed)
    {
        CommandReport report = command.Report!;
        SetLastExitCode(report.ExitCode);
        if (VerboseShown())
        {
            WriteVerbose(Messages.Outcome(report, Name, command.Outcome, elapsed));
        }
        if (StringOutput.IsPresent && command.WholeOutput is { } whole)
        {
            WriteObject(whole); // after a timeout too: what arrived is never dropped
        }
        switch (command.Outcome)
        {
            case Status.Ended when report.ExitCode is not { } code:
                WriteError(Messages.Record(Messages.ExitCodeUnknown(Name, Command, stderr)));
                break;
            case Status.Ended when report.ExitCode is { } code && code != 0:
                WriteError(Messages.Record(Messages.NonZeroExit(Name, Command, code, stderr, quoteStderr)));
                break;
            case Status.Failed:
                WriteError(Messages.Record(Messages.Failed(report, Command, stderr)));
                break;
            case Status.TimedOut:
                if (report.Stop is { MayStillRun: true } stop)
                {
                    WriteWarning(Messages.MayStillRun(report, Command, stop));
                }
                WriteError(Messages.Record(Messages.Timeout(report, Command, Timeout, stderr, quoteStderr)));
                break;
        }
    }

    /// <summary>
    /// The pipeline is stopping (Ctrl+C), or a later command needs no more
    /// input (Select-Object -First): end the process and wait until that is
    /// checked. If it may still run, warn: through the warning stream where
    /// PowerShell still takes records (an early end of the pipeline), else
    /// (Ctrl+C stops every stream) on the host.
    /// </summary>
    private void StopAndWriteOutcome(ContainerCommand command)
    {
        command.StopAndWait(StopBound);
        CommandReport? report = command.Report;
        SetLastExitCode(command.Outcome == Status.Ended ? report?.ExitCode : null);
        if (report?.Stop is not { MayStillRun: true } stop)
        {
            return;
        }
        string warning = Messages.MayStillRun(report, Command, stop);
        if (!Stopping)
        {
            try
            {
                WriteWarning(warning);
                return;
            }
            catch (PipelineStoppedException)
            {
                // The pipeline began stopping meanwhile: only the host is left.
            }
        }
        if (WarningsShown())
        {
            Host?.UI?.WriteWarningLine(warning);
        }
    }

    /// <summary>$LASTEXITCODE after every call: the exit code, or -1 when there is none.</summary>
    private void SetLastExitCode(int? exitCode) =>
        SessionState.PSVariable.Set("global:LASTEXITCODE", exitCode ?? -1);

    private bool StopsOnError() =>
        Preference("ErrorAction", "ErrorActionPreference") is ActionPreference.Stop or ActionPreference.Inquire;

    private bool DebugShown() => Shown("Debug", "DebugPreference");

    // Asked before each WriteVerbose: under -Debug alone PowerShell makes a
    // compiled cmdlet's verbose lines Inquire, a prompt per line.
    private bool VerboseShown() => Shown("Verbose", "VerbosePreference");

    /// <summary>A -Debug or -Verbose switch if bound, else its $XPreference variable.</summary>
    private bool Shown(string parameter, string variable) =>
        MyInvocation.BoundParameters.TryGetValue(parameter, out object? bound)
            ? bound is SwitchParameter { IsPresent: true }
            : Preference(parameter, variable) is not (null or ActionPreference.SilentlyContinue or ActionPreference.Ignore);

    private bool WarningsShown() =>
        Preference("WarningAction", "WarningPreference") is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);

    /// <summary>The -XAction common parameter if bound, else the $XPreference variable.</summary>
    private ActionPreference? Preference(string parameter, string variable)
    {
        object? value = MyInvocation.BoundParameters.TryGetValue(parameter, out object? bound)
            ? bound
            : SessionState.PSVariable.GetValue(variable);
        return LanguagePrimitives.TryConvertTo(value, out ActionPreference preference) ? preference : null;
    }
}
