using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using System.Text;
using PSDocker.Native;

namespace PSDocker;

/// <summary>
/// Invoke-Command: runs a command in a running container and streams its
/// output. Everything that touches the pipeline happens on the pipeline
/// thread in ProcessRecord; StopProcessing only stops the command.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "Command")]
[OutputType(typeof(string))]
public sealed class InvokeCommandCommand : PSCmdlet, IDisposable
{
    // How long one read waits for output before the loop looks at Stopping.
    // A stop wakes a waiting read once the library has checked it (within
    // Bounds.StopReport); this only bounds how soon Stopping is seen.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    // How long a stopped command waits for the library to report whether the
    // process ended: the library's own bound (after which it says
    // "unconfirmed"), and a margin for the report to arrive.
    private static readonly TimeSpan StopBound = Bounds.StopReportBound + TimeSpan.FromSeconds(2);

    // How long a write waits for output when the library's input queue is full.
    private static readonly TimeSpan InputFullWait = TimeSpan.FromMilliseconds(5);

    // How often output is looked for while pipeline input flows.
    private static readonly TimeSpan DrainInterval = TimeSpan.FromMilliseconds(2);

    // How many stderr lines an error carries.
    private const int StderrTailLines = 10;

    private readonly object _gate = new();
    private ContainerCommand? _running; // guarded by _gate: StopProcessing stops it from another thread
    private bool _stopRequested;

    // The call in progress; all on the pipeline thread.
    private ContainerCommand? _command;
    private PipelineInput? _input;         // with pipeline input: what its objects become on stdin
    private bool _inputTaken;              // the command still takes input
    private bool _outcomeWritten;          // the call is over: later input is dropped
    private Stopwatch _elapsed = new();
    private readonly Stopwatch _sinceDrain = Stopwatch.StartNew();
    private readonly Queue<string> _stderrTail = new();
    private bool _stderrToErrorStream;

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

    /// <summary>What the command reads on stdin: each object as PowerShell writes pipeline input to a native command.</summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>The user (and group) the command runs as: name, uid, uid:gid or name:group.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    /// <summary>The directory in the container the command runs in.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WorkingDirectory { get; set; }

    /// <summary>Environment variables for the command: names and values.</summary>
    [Parameter]
    [ValidateNotNull]
    public IDictionary? Environment { get; set; }

    /// <summary>Runs the command with every capability, as docker exec --privileged does.</summary>
    [Parameter]
    public SwitchParameter Privileged { get; set; }

    /// <summary>The docker context to use for this call, over DOCKER_HOST and DOCKER_CONTEXT.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Context { get; set; }

    protected override void BeginProcessing()
    {
        // With pipeline input the command starts now, so its output flows
        // while the input does; its stdin ends in EndProcessing.
        if (MyInvocation.ExpectingInput && Start(stdin: true) && MyInvocation.BoundParameters.ContainsKey(nameof(InputObject)))
        {
            // Given by name as well: PowerShell binds no pipeline object to
            // it then, so this value is the input.
            Guarded(() => WriteInput(InputObject));
        }
    }

    protected override void ProcessRecord()
    {
        if (!MyInvocation.ExpectingInput)
        {
            // One call; -InputObject given by name is its whole stdin.
            bool inputByName = MyInvocation.BoundParameters.ContainsKey(nameof(InputObject));
            if (Start(stdin: inputByName))
            {
                Guarded(() =>
                {
                    if (inputByName)
                    {
                        WriteInput(InputObject);
                        CloseInput();
                    }
                    RunToOutcome();
                });
                Close();
            }
            return;
        }
        if (_command is not null && !_outcomeWritten)
        {
            Guarded(() =>
            {
                WriteInput(InputObject);
                // Output that has arrived goes on, but not after every one of
                // a fast upstream's objects: each look is a call into the library.
                if (_sinceDrain.Elapsed >= DrainInterval)
                {
                    DrainOutput();
                    _sinceDrain.Restart();
                }
            });
        }
    }

    protected override void EndProcessing()
    {
        if (MyInvocation.ExpectingInput && _command is not null)
        {
            if (!_outcomeWritten)
            {
                Guarded(() =>
                {
                    CloseInput();
                    RunToOutcome();
                });
            }
            Close();
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

    public void Dispose()
    {
        // Ctrl+C while the upstream had the pipeline thread: EndProcessing
        // never came, so the stop is reported here.
        if (_command is not null && !_outcomeWritten && Stopping)
        {
            StopAndWriteOutcome(_command);
        }
        lock (_gate)
        {
            _running = null;
        }
        _input?.Dispose();
        _command?.Dispose(); // closes the stream and the connection
        _command = null;
    }

    /// <summary>Closes the command at the end of the call; -Debug then shows what the library still holds.</summary>
    private void Close()
    {
        Dispose();
        if (!Stopping && DebugShown())
        {
            WriteDebug(Messages.LibraryAfterCall(LibraryStats.Read()));
        }
    }

    /// <summary>Starts the command; false when it could not start (the error is written).</summary>
    private bool Start(bool stdin)
    {
        _elapsed = Stopwatch.StartNew();
        try
        {
            var request = new CommandRequest
            {
                Container = Name,
                Argv = [Command, .. (ArgumentList ?? []).Select(a => a ?? "")],
                TimeoutMs = Timeout * 1000L,
                Settings = Settings.FromEnvironment(), // read at every call: see Settings
                Stdin = stdin,
                User = User,
                WorkingDir = WorkingDirectory,
                Environment = EnvironmentEntries(),
                Privileged = Privileged.IsPresent,
                Context = Context,
            };
            _command = ContainerCommand.Start(request, StringOutput.IsPresent);
        }
        catch (ContainerCommandException e)
        {
            SetLastExitCode(null);
            WriteError(Messages.Record(e));
            _outcomeWritten = true;
            return false;
        }
        catch (DllNotFoundException)
        {
            SetLastExitCode(null);
            ThrowTerminatingError(Messages.Record(
                Messages.LibraryNotFound(Name, Command, Native.NativeLibraryResolver.ExpectedPath)));
            return false;
        }
        lock (_gate)
        {
            _running = _command;
            if (_stopRequested)
            {
                _command.Stop(); // Ctrl+C came while the command was starting
            }
        }
        // Under -ErrorAction Stop a stderr line written as an error would end
        // the command; like a native command's, stderr must not do that.
        _stderrToErrorStream = !StopsOnError();
        if (stdin)
        {
            _inputTaken = true;
            _input = new PipelineInput(
                SessionState.PSVariable.GetValue("OutputEncoding") as Encoding ?? new UTF8Encoding(false),
                () => InvokeCommand.NewScriptBlock("Microsoft.PowerShell.Utility\\Out-String -Stream").GetSteppablePipeline());
        }
        return true;
    }

    /// <summary>
    /// -Environment as NAME=VALUE, in the dictionary's order, each converted
    /// as PowerShell converts to a string (culture-invariant; a null value is
    /// empty). A name with = in it would change which variable is set.
    /// </summary>
    private string[] EnvironmentEntries()
    {
        if (Environment is null)
        {
            return [];
        }
        var entries = new List<string>();
        foreach (DictionaryEntry e in Environment)
        {
            string name = LanguagePrimitives.ConvertTo<string>(e.Key) ?? "";
            if (name.Contains('='))
            {
                throw new ContainerCommandException(Native.ErrorKind.InvalidEnvironment, Messages.EqualsInVariableName(name), Name, Command);
            }
            entries.Add(name + "=" + (LanguagePrimitives.ConvertTo<string>(e.Value) ?? ""));
        }
        return entries.ToArray();
    }

    /// <summary>
    /// Runs a step of the call. WriteObject throws PipelineStoppedException
    /// when a later command needs no more input (Select-Object -First) or on
    /// Ctrl+C: the command is stopped, and the exception goes on.
    /// </summary>
    private void Guarded(Action step)
    {
        try
        {
            step();
        }
        catch (PipelineStoppedException)
        {
            StopAndWriteOutcome(_command!);
            throw;
        }
    }

    /// <summary>
    /// Writes one input object to the command's stdin. When the library's
    /// queue is full, output is read (and written on) before the rest goes:
    /// a command that writes more than it reads never waits on us.
    /// </summary>
    private void WriteInput(object? inputObject)
    {
        if (_inputTaken)
        {
            Write(_input!.Encode(inputObject).Span);
        }
        // Else the command takes no more: the rest of the input is dropped, as for a native command.
    }

    private void Write(ReadOnlySpan<byte> rest)
    {
        while (!rest.IsEmpty && !_outcomeWritten)
        {
            if (Stopping)
            {
                StopAndWriteOutcome(_command!);
                return;
            }
            if (_command!.WriteInput(rest) is not { } taken)
            {
                _inputTaken = false;
                return;
            }
            rest = rest[taken..];
            if (!rest.IsEmpty)
            {
                Handle(_command.Read(InputFullWait));
            }
        }
    }

    private void CloseInput()
    {
        if (_inputTaken)
        {
            Write(_input!.Complete().Span);
        }
        if (_inputTaken)
        {
            _command!.CloseInput();
            _inputTaken = false;
        }
    }

    /// <summary>Writes on the output that has arrived, without waiting.</summary>
    private void DrainOutput()
    {
        while (!_outcomeWritten)
        {
            CommandEvent e = _command!.Read(TimeSpan.Zero);
            if (e.Status == Status.Pending)
            {
                return;
            }
            Handle(e);
        }
    }

    private void RunToOutcome()
    {
        while (!_outcomeWritten)
        {
            if (Stopping)
            {
                StopAndWriteOutcome(_command!);
                return;
            }
            Handle(_command!.Read(PollInterval));
        }
    }

    /// <summary>Maps one event of the command to the pipeline.</summary>
    private void Handle(CommandEvent e)
    {
        switch (e.Status)
        {
            case Status.Started when VerboseShown():
                WriteVerbose(Messages.Started(_command!.Report!, Name));
                break;
            case Status.Data when e.Stream == OutputStream.Stdout:
                WriteObject(e.Text);
                break;
            case Status.Data:
                if (_stderrTail.Count == StderrTailLines)
                {
                    _stderrTail.Dequeue();
                }
                _stderrTail.Enqueue(e.Text!);
                if (_stderrToErrorStream)
                {
                    WriteError(new ErrorRecord(new RemoteException(e.Text), "NativeCommandError", ErrorCategory.NotSpecified, Name));
                }
                else
                {
                    Host?.UI?.WriteErrorLine(e.Text); // a runspace without a host has no UI
                }
                break;
            case Status.Stopped:
                StopAndWriteOutcome(_command!);
                break;
            case var outcome when outcome.IsOutcome():
                WriteOutcome(_command!, _stderrTail.ToArray(), quoteStderr: !_stderrToErrorStream, _elapsed);
                break;
        }
    }

    /// <summary>The outcome of a command that was not stopped from PowerShell: output, errors, $LASTEXITCODE.</summary>
    private void WriteOutcome(ContainerCommand command, string[] stderr, bool quoteStderr, Stopwatch elapsed)
    {
        _outcomeWritten = true;
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
        if (_outcomeWritten)
        {
            return;
        }
        _outcomeWritten = true;
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
