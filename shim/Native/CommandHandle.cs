using System.Runtime.InteropServices;

namespace PSDocker.Native;

/// <summary>
/// A running command in libpsdocker. SafeHandle keeps a Stop from another
/// thread and the final Close from racing: Close waits for calls in flight.
/// </summary>
internal sealed class CommandHandle : SafeHandle
{
    public CommandHandle() : base(0, ownsHandle: true) { }

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => NativeMethods.CloseCommand((ulong)handle) == 1;
}
