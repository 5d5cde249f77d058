using PSDocker.Native;

namespace PSDocker;

/// <summary>
/// What one ContainerCommand.Read found, in the library's Status: Pending,
/// Started, Data (one line of Text from Stream), or the outcome.
/// </summary>
internal readonly record struct CommandEvent(Status Status, OutputStream Stream = default, string? Text = null);
