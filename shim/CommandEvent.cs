using PSDocker.Native;

namespace PSDocker;

/// <summary>The stream a line came from.</summary>
internal enum OutputStream
{
    Output = NativeStream.Stdout,
    Error = NativeStream.Stderr,
}

/// <summary>The kinds of CommandEvent.</summary>
internal enum CommandEventKind
{
    Pending,  // nothing new yet: call Read again
    Started,  // the exec runs: Info has the endpoint and exec ID
    Line,     // a whole line of Stream
    Finished, // the end: Outcome, Info and WholeOutput are final
}

/// <summary>What one ContainerCommand.Read found.</summary>
internal readonly record struct CommandEvent(CommandEventKind Kind, OutputStream Stream = default, string? Text = null);
