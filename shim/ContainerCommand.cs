using System;
using System.Collections.Generic;
using System.Text.Json;
using PSDocker.Native;

namespace PSDocker;

/// <summary>
/// One command in one container, read as lines. It knows nothing of
/// PowerShell, so it can be tested on its own; the cmdlet only maps its
/// events to the pipeline. Read is for one thread; Cancel is for any thread.
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

    public CommandOutcome? Outcome { get; private set; }

    public CommandInfo? Info { get; private set; }

    /// <summary>All of stdout as one string, with -StringOutput, once Completed or TimedOut.</summary>
    public string? WholeOutput { get; private set; }

    /// <summary>Starts the command; a request the library refuses throws.</summary>
    /// <exception cref="ContainerCommandException">The request is invalid.</exception>
    public static unsafe ContainerCommand Start(CommandRequest request, bool wholeStdout)
    {
        byte[] json = request.ToJson();
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
            using JsonDocument doc = JsonDocument.Parse(NativeMethods.TakeString(errorJson) ?? "{}");
            (string? kind, string? message) = CommandInfo.ParseError(doc.RootElement);
            throw new ContainerCommandException(kind ?? "InvalidRequest", message ?? "the library refused the request",
                request.Container, request.Argv.Count > 0 ? request.Argv[0] : "");
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
        if (Outcome is not null)
        {
            return new CommandEvent(CommandEventKind.Finished);
        }
        ReadStatus status;
        int stream, count;
        fixed (byte* p = _buffer)
        {
            status = NativeMethods.ReadCommandOutput(_handle, p, _buffer.Length, (int)wait.TotalMilliseconds, out stream, out count);
        }
        switch (status)
        {
            case ReadStatus.Data:
                Accept((OutputStream)stream, _buffer.AsSpan(0, count));
                break;
            case ReadStatus.Started:
                Info = FetchInfo();
                return new CommandEvent(CommandEventKind.Started);
            case ReadStatus.Ended:
                Finish(CommandOutcome.Completed);
                break;
            case ReadStatus.Failed:
                Finish(CommandOutcome.Failed);
                break;
            case ReadStatus.TimedOut:
                Finish(CommandOutcome.TimedOut);
                break;
            case ReadStatus.Canceled:
                Finish(CommandOutcome.Canceled);
                break;
            case ReadStatus.Pending:
                break;
            default:
                throw new InvalidOperationException($"libpsdocker returned read status {status}");
        }
        return _ready.TryDequeue(out ready) ? ready : new CommandEvent(CommandEventKind.Pending);
    }

    /// <summary>Stops waiting for the command. Safe from any thread, also after Dispose.</summary>
    public void Cancel()
    {
        try
        {
            NativeMethods.CancelCommand(_handle);
        }
        catch (ObjectDisposedException)
        {
            // Already closed, which cancels too.
        }
    }

    /// <summary>
    /// For a reader that wants no more output: stops the command and waits,
    /// within <paramref name="bound"/>, for the outcome, so that Info.Stop
    /// says how the process was ended. Output still queued is dropped.
    /// </summary>
    public void Abandon(TimeSpan bound)
    {
        Cancel();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Outcome is null && clock.Elapsed < bound)
        {
            _ready.Clear();
            Read(TimeSpan.FromMilliseconds(50));
        }
        _ready.Clear();
    }

    public void Dispose() => _handle.Dispose();

    private void Accept(OutputStream stream, ReadOnlySpan<byte> bytes)
    {
        if (stream == OutputStream.Output && _wholeStdout is not null)
        {
            _wholeStdout.Write(bytes);
            return;
        }
        _chunks++;
        LineSplitter splitter = stream == OutputStream.Output ? _stdoutLines : _stderrLines;
        bool continues = splitter.HasPartialLine;
        splitter.Write(bytes, _lines);
        if (splitter.HasPartialLine && (!continues || _lines.Count > 0))
        {
            // This chunk began a new unfinished line.
            if (stream == OutputStream.Output)
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

    private void Finish(CommandOutcome outcome)
    {
        // Text without a final LF is still a line; the one that began first comes first.
        bool stdoutFirst = _stdoutPartialSince <= _stderrPartialSince;
        FlushPartialLine(stdoutFirst ? OutputStream.Output : OutputStream.Error);
        FlushPartialLine(stdoutFirst ? OutputStream.Error : OutputStream.Output);
        if (outcome is CommandOutcome.Completed or CommandOutcome.TimedOut && _wholeStdout is not null)
        {
            WholeOutput = _wholeStdout.Finish();
        }
        Info = FetchInfo();
        Outcome = outcome;
        _ready.Enqueue(new CommandEvent(CommandEventKind.Finished));
    }

    private void FlushPartialLine(OutputStream stream)
    {
        (stream == OutputStream.Output ? _stdoutLines : _stderrLines).Flush(_lines);
        Enqueue(stream);
    }

    private void Enqueue(OutputStream stream)
    {
        foreach (string line in _lines)
        {
            _ready.Enqueue(new CommandEvent(CommandEventKind.Line, stream, line));
        }
        _lines.Clear();
    }

    private CommandInfo FetchInfo() =>
        CommandInfo.Parse(NativeMethods.TakeString(NativeMethods.GetCommandInfo(_handle))
            ?? throw new InvalidOperationException("libpsdocker lost the command handle"));
}
