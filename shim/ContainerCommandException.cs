using System;
using System.Collections.Generic;

namespace PSDocker;

/// <summary>
/// Every failure of Invoke-Command: the command could not run, it exited with
/// a nonzero code, or it timed out. ErrorId is the FullyQualifiedErrorId's
/// first part (ContainerNotFound, ProgramExitedWithNonZeroCode, ExecTimeout, ...).
/// </summary>
public sealed class ContainerCommandException : Exception
{
    public ContainerCommandException(string errorId, string message, string container, string command,
        int? exitCode = null, IReadOnlyList<string>? standardError = null)
        : base(message)
    {
        ErrorId = errorId;
        Container = container;
        Command = command;
        ExitCode = exitCode;
        StandardError = standardError ?? Array.Empty<string>();
    }

    public string ErrorId { get; }

    public string Container { get; }

    public string Command { get; }

    /// <summary>The exit code, when the command ran and the daemon reported one.</summary>
    public int? ExitCode { get; }

    /// <summary>The last lines the command wrote to stderr.</summary>
    public IReadOnlyList<string> StandardError { get; }
}
