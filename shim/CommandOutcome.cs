namespace PSDocker;

/// <summary>How a ContainerCommand ended.</summary>
internal enum CommandOutcome
{
    Completed, // the process ended; Info.ExitCode has its code unless the daemon did not say
    Failed,    // it could not run; Info.ErrorKind says why
    TimedOut,  // the timeout passed; Info.Stop says how the process was ended
    Canceled,  // Cancel was called; Info.Stop likewise
}
