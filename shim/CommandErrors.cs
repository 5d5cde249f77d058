using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace PSDocker;

/// <summary>Builds the ErrorRecords Invoke-Command writes; one place for ids, categories and wording.</summary>
internal static class CommandErrors
{
    // The error kinds libpsdocker reports (internal/engine/errors.go) and their categories.
    private static readonly Dictionary<string, ErrorCategory> Categories = new()
    {
        ["ContainerNotFound"] = ErrorCategory.ObjectNotFound,
        ["ContainerNotRunning"] = ErrorCategory.ResourceUnavailable,
        ["ContainerPaused"] = ErrorCategory.ResourceUnavailable,
        ["ContainerRestarting"] = ErrorCategory.ResourceUnavailable,
        ["CommandNotFound"] = ErrorCategory.ObjectNotFound,
        ["CommandNotExecutable"] = ErrorCategory.PermissionDenied,
        ["DaemonUnreachable"] = ErrorCategory.ConnectionError,
        ["DaemonPermissionDenied"] = ErrorCategory.PermissionDenied,
        ["ContextNotFound"] = ErrorCategory.ObjectNotFound,
        ["TLSError"] = ErrorCategory.SecurityError,
        ["InvalidConfiguration"] = ErrorCategory.InvalidArgument,
        ["InvalidRequest"] = ErrorCategory.InvalidArgument,
        ["StreamBroken"] = ErrorCategory.ReadError,
        ["DaemonError"] = ErrorCategory.NotSpecified,
    };

    public static ErrorRecord Record(ContainerCommandException e) =>
        new(e, e.ErrorId, CategoryOf(e.ErrorId), e.Container);

    public static ErrorCategory CategoryOf(string errorId) => errorId switch
    {
        "ProgramExitedWithNonZeroCode" => ErrorCategory.NotSpecified,
        "ExitCodeUnknown" => ErrorCategory.ReadError,
        "ExecTimeout" => ErrorCategory.OperationTimeout,
        "NativeLibraryNotFound" => ErrorCategory.ResourceUnavailable,
        _ => Categories.TryGetValue(errorId, out ErrorCategory c) ? c : ErrorCategory.NotSpecified,
    };

    /// <summary>A failure the library reported, with advice PowerShell users need.</summary>
    public static ContainerCommandException Failed(CommandInfo info, string command, int? exitCode, IReadOnlyList<string> stderr)
    {
        string message = info.ErrorMessage ?? "the command could not be run";
        if (info.ErrorKind == "CommandNotFound" && command.Any(char.IsWhiteSpace))
        {
            message += $". Command is one executable, not a command line; for shell syntax use: -Command sh -ArgumentList '-c', '{command.Replace("'", "''")}'";
        }
        return new(info.ErrorKind ?? "DaemonError", message, info.Container, command, exitCode, stderr);
    }

    public static ContainerCommandException NonZeroExit(string container, string command, int exitCode, IReadOnlyList<string> stderr, bool quoteStderr) =>
        new("ProgramExitedWithNonZeroCode",
            $"Command '{command}' in container '{container}' exited with code {exitCode}." + Quote(stderr, quoteStderr),
            container, command, exitCode, stderr);

    public static ContainerCommandException ExitCodeUnknown(string container, string command, IReadOnlyList<string> stderr) =>
        new("ExitCodeUnknown",
            $"Command '{command}' in container '{container}' ended, but the Docker daemon did not report its exit code.",
            container, command, null, stderr);

    public static ContainerCommandException Timeout(string container, string command, int seconds, IReadOnlyList<string> stderr, bool quoteStderr) =>
        new("ExecTimeout",
            $"Command '{command}' in container '{container}' did not finish within {seconds} s. PSDocker stopped reading its output, " +
            "but the process may still be running in the container." + Quote(stderr, quoteStderr),
            container, command, null, stderr);

    public static ContainerCommandException LibraryNotFound(string container, string command, string path) =>
        new("NativeLibraryNotFound",
            $"PSDocker's native library was not found at {path}. Rebuild the module (pwsh ./build.ps1) or reinstall it.",
            container, command);

    private static string Quote(IReadOnlyList<string> stderr, bool quote) =>
        quote && stderr.Count > 0 ? " Last error output:\n" + string.Join("\n", stderr) : "";
}
