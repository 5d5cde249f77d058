using System.Runtime.InteropServices;

namespace PSDocker.Stress;

// libpsdocker's exports (native/psdocker.h), resolved from a path so any
// build variant can be loaded. Calls through unmanaged function pointers
// make the same GC transition as the shim's P/Invokes.
internal sealed unsafe class Library
{
    public readonly delegate* unmanaged<byte*, int, ulong*, byte**, int> Invoke;
    public readonly delegate* unmanaged<ulong, byte*, int, int, int*, int*, int> Read;
    public readonly delegate* unmanaged<ulong, int> Stop;
    public readonly delegate* unmanaged<ulong, byte*> Report;
    public readonly delegate* unmanaged<ulong, int> Close;
    public readonly delegate* unmanaged<byte*, void> Free;

    private Library(IntPtr h)
    {
        Invoke = (delegate* unmanaged<byte*, int, ulong*, byte**, int>)NativeLibrary.GetExport(h, "InvokeCommand");
        Read = (delegate* unmanaged<ulong, byte*, int, int, int*, int*, int>)NativeLibrary.GetExport(h, "ReadCommandOutput");
        Stop = (delegate* unmanaged<ulong, int>)NativeLibrary.GetExport(h, "StopCommand");
        Report = (delegate* unmanaged<ulong, byte*>)NativeLibrary.GetExport(h, "GetCommandReport");
        Close = (delegate* unmanaged<ulong, int>)NativeLibrary.GetExport(h, "CloseCommand");
        Free = (delegate* unmanaged<byte*, void>)NativeLibrary.GetExport(h, "FreeCommandString");
    }

    // Loading starts the Go runtime, which is when SA_ONSTACK gets added.
    public static Library Load(string path) => new(NativeLibrary.Load(path));
}
