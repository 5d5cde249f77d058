using System;
using System.Collections.Generic;
using PSDocker.Native;

namespace PSDocker;

/// <summary>
/// One command in one container, read as lines. It knows nothing of
/// PowerShell, so it can be tested on its own; the cmdlet only maps its
/// events to the pipeline. Read, WriteInput and CloseInput are for one thread;
/// Stop is for any thread.
/// </summary>
internal sealed class ContainerCommand : IDisposable
{
    private const int BufferSize = 64 * 1024;

    private readonly CommandHandle _handle;
    private readonly byte[] _buffer = new byte[BufferSize];
    private readonly LineSplitter _stdoutLines = new();
    private readonly LineSplitter _stderrLines = new();
    private readonly WholeText? _wholeStdout;
    private readonly List<string> _lines = new();
    private readonly Queue<CommandEvent> _ready = new();

    // When each stream's unfinished last line began (a count of chunks), so
    // that the final partial lines come out in arrival order.
    private long _chunks;
    private long _stdoutPartialSince;
    private long _stderrPartialSince;

    private ContainerCommand(CommandHandle handle, bool wholeStdout)
    {
        _handle = handle;
        _wholeStdout = wholeStdout ? new WholeText() : null;
    }

    /// <summary>The outcome (Ended, Failed, TimedOut or Stopped), once Read has returned it.</summary>
    public Status? Outcome { get; private set; }

    /// <summary>Where the command runs from Started on; how it ended once Outcome is set.</summary>
    public CommandReport? Report { get; private set; }

    /// <summary>All of stdout as one string, with -StringOutput, once Ended or TimedOut.</summary>
    public string? WholeOutput { get; private set; }

    /// <summary>Starts the command; a request the library refuses throws.</summary>
    /// <exception cref="ContainerCommandException">The request is invalid.</exception>
    public static unsafe ContainerCommand Start(CommandRequest request, bool wholeStdout)
    {
        byte[] json = Json.Bytes(request, ContractJson.Default.CommandRequest);
        int rc;
        CommandHandle handle;
        nint errorJson;
        fixed (byte* p = json)
        {
            rc = NativeMethods.InvokeCommand(p, json.Length, out handle, out errorJson);
        }
        if (rc != 0)
        {
            handle.Dispose();
            ErrorReport error = Json.Parse(NativeMethods.TakeString(errorJson), ContractJson.Default.ErrorReport);
            throw new ContainerCommandException(error.Kind, error.Message,
                request.Container, request.Argv.Length > 0 ? request.Argv[0] : "");
        }
        return new ContainerCommand(handle, wholeStdout);
    }

    /// <summary>The next event, waiting at most <paramref name="wait"/> for output.</summary>
    public unsafe CommandEvent Read(TimeSpan wait)
    {
        if (_ready.TryDequeue(out CommandEvent ready))
        {
            return ready;
        }
        if (Outcome is { } outcome)
        {
            return new CommandEvent(outcome);
        }
        Status status;
        int stream, count;
        fixed (byte* p = _buffer)
        {
            status = NativeMethods.ReadCommandOutput(_handle, p, _buffer.Length, (int)wait.TotalMilliseconds, out stream, out count);
        }
        switch (status)
        {
            case Status.Data:
                Accept((OutputStream)stream, _buffer.AsSpan(0, count));
                break;
            case Status.Started:
                Report = FetchReport();
                return new CommandEvent(Status.Started);
            case Status.Pending:
                break;
            case Status.InvalidHandle:
                throw new InvalidOperationException(Messages.LostHandle);
            case var _ when status.IsOutcome():
                End(status);
                break;
            default:
                throw new InvalidOperationException($"libpsdocker returned read status {status}");
        }
        return _ready.TryDequeue(out ready) ? ready : new CommandEvent(Status.Pending);
    }

    /// <summary>
    /// Queues what fits of <paramref name="bytes"/> for the command's stdin,
    /// never waiting: how many bytes were taken (fewer, even 0, when the
    /// library's queue is full: read output, then write the rest), or null
    /// when the command takes no more input (the rest is dropped).
    /// </summary>
    public unsafe int? WriteInput(ReadOnlySpan<byte> bytes)
    {
        InputStatus status;
        int accepted;
        fixed (byte* p = bytes)
        {
            status = NativeMethods.WriteCommandInput(_handle, p, bytes.Length, out accepted);
        }
        return status switch
        {
            InputStatus.InputTaken => accepted,
            InputStatus.InputClosed => null,
            _ => throw new InvalidOperationException(Messages.LostHandle),
        };
    }

    /// <summary>Ends the command's stdin once what was written is sent.</summary>
    public void CloseInput()
    {
        if (NativeMethods.CloseCommandInput(_handle) == 0)
        {
            throw new InvalidOperationException(Messages.LostHandle);
        }
    }

    /// <summary>
    /// Stops the command; safe from any thread, also after Dispose. A Read
    /// that waits returns the outcome once the library has checked the stop.
    /// </summary>
    public void Stop()
    {
        try
        {
            if (NativeMethods.StopCommand(_handle) == 0)
            {
                throw new InvalidOperationException(Messages.LostHandle);
            }
        }
        catch (ObjectDisposedException)
        {
            // Already closed, which stops too.
        }
    }

    /// <summary>
    /// For a reader that wants no more output: stops the command and waits,
    /// within <paramref name="bound"/>, for the outcome, so that Report.Stop
    /// says how the process was ended. Output still queued is dropped.
    /// </summary>
    public void StopAndWait(TimeSpan bound)
    {
        Stop();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Outcome is null && clock.Elapsed < bound)
        {
            _ready.Clear();
            Read(TimeSpan.FromMilliseconds(50));
        }
        _ready.Clear();
    }

    /// <summary>Closes the command: stops what still runs and frees the handle.</summary>
    public void Dispose() => _handle.Dispose();

    private void Accept(OutputStream stream, ReadOnlySpan<byte> bytes)
    {
        if (stream == OutputStream.Stdout && _wholeStdout is not null)
        {
            _wholeStdout.Write(bytes);
            return;
        }
        _chunks++;
        LineSplitter splitter = stream == OutputStream.Stdout ? _stdoutLines : _stderrLines;
        bool continues = splitter.HasPartialLine;
        splitter.Write(bytes, _lines);
        if (splitter.HasPartialLine && (!continues || _lines.Count > 0))
        {
            // This chunk began a new unfinished line.
            if (stream == OutputStream.Stdout)
            {
                _stdoutPartialSince = _chunks;
            }
            else
            {
                _stderrPartialSince = _chunks;
            }
        }
        Enqueue(stream);
    }

    private void End(Status outcome)
    {
        // Text without a final LF is still a line; the one that began first comes first.
        bool stdoutFirst = _stdoutPartialSince <= _stderrPartialSince;
        FlushPartialLine(stdoutFirst ? OutputStream.Stdout : OutputStream.Stderr);
        FlushPartialLine(stdoutFirst ? OutputStream.Stderr : OutputStream.Stdout);
        if (outcome is Status.Ended or Status.TimedOut && _wholeStdout is not null)
        {
            WholeOutput = _wholeStdout.Finish();
        }
        Report = FetchReport();
        Outcome = outcome;
        _ready.Enqueue(new CommandEvent(outcome));
    }

    private void FlushPartialLine(OutputStream stream)
    {
        (stream == OutputStream.Stdout ? _stdoutLines : _stderrLines).Flush(_lines);
        Enqueue(stream);
    }

    private void Enqueue(OutputStream stream)
    {
        foreach (string line in _lines)
        {
            _ready.Enqueue(new CommandEvent(Status.Data, stream, line));
        }
        _lines.Clear();
    }

    private CommandReport FetchReport() =>
        Json.Parse(NativeMethods.TakeString(NativeMethods.GetCommandReport(_handle)), ContractJson.Default.CommandReport);
}
