using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Management.Automation;
using PSDocker.Native;

namespace PSDocker;

/// <summary>
/// Every sentence Invoke-Command writes for a user, and the ErrorRecords'
/// ids and categories: one place for the C# side's wording (the Go side's is
/// internal/messages).
/// </summary>
internal static class Messages
{
    // The category of each error kind libpsdocker reports (Native.ErrorKind,
    // generated from internal/engine/errors.go); a test fails for a kind
    // without one.
    internal static readonly Dictionary<string, ErrorCategory> Categories = new()
    {
        [ErrorKind.ContainerNotFound] = ErrorCategory.ObjectNotFound,
        [ErrorKind.ContainerAmbiguous] = ErrorCategory.InvalidArgument,
        [ErrorKind.ContainerNotRunning] = ErrorCategory.ResourceUnavailable,
        [ErrorKind.ContainerPaused] = ErrorCategory.ResourceUnavailable,
        [ErrorKind.ContainerRestarting] = ErrorCategory.ResourceUnavailable,
        [ErrorKind.CommandNotFound] = ErrorCategory.ObjectNotFound,
        [ErrorKind.CommandNotExecutable] = ErrorCategory.PermissionDenied,
        [ErrorKind.ProcessStartFailed] = ErrorCategory.ResourceUnavailable,
        [ErrorKind.UserNotFound] = ErrorCategory.ObjectNotFound,
        [ErrorKind.WorkingDirectoryNotFound] = ErrorCategory.ObjectNotFound,
        [ErrorKind.WorkingDirectoryInaccessible] = ErrorCategory.PermissionDenied,
        [ErrorKind.InvalidEnvironment] = ErrorCategory.InvalidArgument,
        [ErrorKind.DaemonUnreachable] = ErrorCategory.ConnectionError,
        [ErrorKind.DaemonPermissionDenied] = ErrorCategory.PermissionDenied,
        [ErrorKind.ContextNotFound] = ErrorCategory.ObjectNotFound,
        [ErrorKind.TLSError] = ErrorCategory.SecurityError,
        [ErrorKind.InvalidConfiguration] = ErrorCategory.InvalidArgument,
        [ErrorKind.InvalidRequest] = ErrorCategory.InvalidArgument,
        [ErrorKind.StreamBroken] = ErrorCategory.ConnectionError,
        [ErrorKind.DaemonError] = ErrorCategory.NotSpecified,
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
    public static ContainerCommandException Failed(CommandReport report, string command, IReadOnlyList<string> stderr)
    {
        string kind = report.Error?.Kind ?? ErrorKind.DaemonError;
        string message = report.Error?.Message ?? "the command could not be run";
        if (kind == ErrorKind.CommandNotFound && command.Any(char.IsWhiteSpace))
        {
            message += $". Command is one executable, not a command line; for shell syntax use: -Command sh -ArgumentList '-c', '{command.Replace("'", "''")}'";
        }
        if (kind == ErrorKind.DaemonUnreachable && report.EndpointSource == EndpointSource.DockerHost)
        {
            message += " In PowerShell: Remove-Item Env:DOCKER_HOST.";
        }
        return new(kind, message, report.Container, command, report.ExitCode, stderr);
    }

    public static ContainerCommandException NonZeroExit(string container, string command, int exitCode, IReadOnlyList<string> stderr, bool quoteStderr) =>
        new("ProgramExitedWithNonZeroCode",
            $"Command '{command}' in container '{container}' exited with code {exitCode}." + Quote(stderr, quoteStderr),
            container, command, exitCode, stderr);

    public static ContainerCommandException ExitCodeUnknown(string container, string command, IReadOnlyList<string> stderr) =>
        new("ExitCodeUnknown",
            $"Command '{command}' in container '{container}' ended, but the Docker daemon did not report its exit code.",
            container, command, null, stderr);

    public static ContainerCommandException Timeout(CommandReport report, string command, int seconds, IReadOnlyList<string> stderr, bool quoteStderr) =>
        new("ExecTimeout",
            $"Command '{command}' in container '{report.Container}' did not finish within {seconds} s. " + WhatBecameOf(report.Stop) + Quote(stderr, quoteStderr),
            report.Container, command, null, stderr);

    /// <summary>The warning for a stopped command whose process may still run, naming it so it can be found.</summary>
    public static string MayStillRun(CommandReport report, string command, StopReport stop) =>
        $"The process of '{command}' (exec {report.ExecId}; {report.Marker} in its environment) may still be running in container '{report.Container}': {stop.Detail}";

    private static string WhatBecameOf(StopReport? stop) => stop?.State switch
    {
        StopState.Ended => $"PSDocker ended it: SIGTERM to its {Processes(stop.Ended)}, SIGKILL {stop.GraceSeconds} s later to any still running, and none is left.",
        StopState.Unconfirmed => "PSDocker is ending it, but could not check that it ended: " + stop.Detail,
        StopState.Failed => "PSDocker could not end it, so it may still be running: " + stop.Detail,
        _ => "No process of it was left to end.",
    };

    private static string Processes(int n) => n == 1 ? "process" : $"{n} processes";

    public static ContainerCommandException LibraryNotFound(string container, string command, string path) =>
        new("NativeLibraryNotFound",
            $"PSDocker's native library was not found at {path}. Rebuild the module (pwsh ./build.ps1) or reinstall it.",
            container, command);

    private static string Quote(IReadOnlyList<string> stderr, bool quote) =>
        quote && stderr.Count > 0 ? " Last error output:\n" + string.Join("\n", stderr) : "";

    public static string Started(CommandReport report, string container) =>
        $"Docker endpoint {report.Endpoint}; exec {report.ExecId} started in container {container}.";

    public static string Outcome(CommandReport report, string container, Status? outcome, Stopwatch elapsed)
    {
        // Without an exec ID nothing ran: the daemon was not reached, or refused the exec.
        string exec = string.IsNullOrEmpty(report.ExecId) ? "No exec" : $"Exec {report.ExecId}";
        return $"{exec} in container {container} (Docker endpoint {report.Endpoint}): {outcome}, exit code {report.ExitCode?.ToString() ?? "unknown"}, {elapsed.Elapsed.TotalSeconds:0.000} s.";
    }

    public static string LibraryAfterCall(LibraryStats stats) => $"libpsdocker after the call: {stats}.";

    public static string NoLibraryForThisPlatform =>
        $"(nowhere: PSDocker has no native library for {System.Runtime.InteropServices.RuntimeInformation.OSDescription} {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture})";

    // At import (ModuleImport): the same words the root script said before it moved into the assembly.
    public static string PlatformUnsupported(string supported) =>
        $"PSDocker does not run on {System.Runtime.InteropServices.RuntimeInformation.OSDescription} ({System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}): it has native libraries for {supported} only.";

    public static string PlatformNotBuilt(Native.NativePlatform platform, string why, string supported) =>
        $"PSDocker is not built for {(platform.Os == "OSX" ? "macOS" : platform.Os)} yet ({platform.Rid}: {why}). It runs on {supported}.";

    public static string LibraryMissing(Native.NativePlatform platform, string path, string supported) =>
        $"PSDocker's native library for {platform.Rid} is missing (expected {path}). Rebuild the module (pwsh ./build.ps1) or reinstall it. Platforms: {supported}.";

    public static string EqualsInVariableName(string name) =>
        $"The environment variable name '{name}' holds '=': it would set another variable than the one named. Give the name without '='.";

    /// <summary>For a library that no longer knows a handle the shim holds: a defect, never a user's doing.</summary>
    public const string LostHandle = "libpsdocker lost the command handle";
}
