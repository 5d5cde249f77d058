namespace PSDocker.Native;

// Beside the generated Status (Contract.g.cs); the stress test links both.
internal static class StatusExtensions
{
    /// <summary>The last status of a command: it ended by itself, failed, timed out or was stopped.</summary>
    public static bool IsOutcome(this Status status) =>
        status is Status.Ended or Status.Failed or Status.TimedOut or Status.Stopped;
}
