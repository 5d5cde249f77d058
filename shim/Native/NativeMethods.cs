using System.Runtime.InteropServices;

namespace PSDocker.Native;

// The C ABI of libpsdocker (native/psdocker.h, which has the glossary). The
// library never calls back: .NET pulls output with ReadCommandOutput and
// stops from any thread.
internal static unsafe partial class NativeMethods
{
    internal const string Library = "psdocker";

    static NativeMethods() => NativeLibraryResolver.Register();

    [LibraryImport(Library)]
    internal static partial int InvokeCommand(byte* request, int requestLength, out CommandHandle handle, out nint errorJson);

    [LibraryImport(Library)]
    internal static partial Status ReadCommandOutput(CommandHandle handle, byte* buffer, int bufferLength, int waitMs, out int stream, out int count);

    [LibraryImport(Library)]
    internal static partial int ListContainers(byte* request, int requestLength, out nint resultJson);

    [LibraryImport(Library)]
    internal static partial InputStatus WriteCommandInput(CommandHandle handle, byte* data, int length, out int accepted);

    [LibraryImport(Library)]
    internal static partial int CloseCommandInput(CommandHandle handle);

    [LibraryImport(Library)]
    internal static partial int StopCommand(CommandHandle handle);

    [LibraryImport(Library)]
    internal static partial nint GetCommandReport(CommandHandle handle);

    [LibraryImport(Library)]
    internal static partial int CloseCommand(ulong handle);

    [LibraryImport(Library)]
    internal static partial nint GetLibraryStats();

    [LibraryImport(Library)]
    internal static partial void FreeCommandString(nint s);

    /// <summary>Copies a string the library returned, then frees it with the library's own function.</summary>
    internal static string? TakeString(nint s)
    {
        if (s == 0)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(s);
        }
        finally
        {
            FreeCommandString(s);
        }
    }
}
