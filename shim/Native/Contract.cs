using System;
using System.Text.Json;
using PSDocker;

namespace PSDocker.Native;

// What the C# side adds to the generated contract types (Contract.g.cs,
// Messages.g.cs): behaviour only, never a field or a JSON name.

internal sealed partial class StopReport
{
    /// <summary>The process may still be running: nothing could end it, or its end could not be checked.</summary>
    public bool MayStillRun => State is StopState.Failed or StopState.Unconfirmed;
}

internal sealed partial class LibraryStats
{
    public static LibraryStats Read() =>
        Json.Parse(NativeMethods.TakeString(NativeMethods.GetLibraryStats()), ContractJson.Default.LibraryStats);

    public override string ToString() => $"{Handles} open handles, {Goroutines} goroutines, {CachedClients} cached Docker clients";
}

/// <summary>The JSON that crosses the C ABI, through the generated serialization.</summary>
internal static class Json
{
    public static byte[] Bytes<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.SerializeToUtf8Bytes(value, type);

    /// <summary>Reads a string the library returned; null there means it lost a handle it should have.</summary>
    public static T Parse<T>(string? json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(json ?? throw new InvalidOperationException(Messages.LostHandle), type)
            ?? throw new InvalidOperationException("libpsdocker returned JSON null");
}
