using System.Text.Json;
using PSDocker.Native;

namespace PSDocker;

/// <summary>What libpsdocker holds now: open command handles, goroutines, cached Docker clients.</summary>
internal sealed record LibraryStats(int Handles, int Goroutines, int CachedClients)
{
    public static LibraryStats Read()
    {
        using JsonDocument doc = JsonDocument.Parse(NativeMethods.TakeString(NativeMethods.GetLibraryStats()) ?? "{}");
        JsonElement root = doc.RootElement;
        return new LibraryStats(
            root.GetProperty("handles").GetInt32(),
            root.GetProperty("goroutines").GetInt32(),
            root.GetProperty("cachedClients").GetInt32());
    }

    public override string ToString() => $"{Handles} open handles, {Goroutines} goroutines, {CachedClients} cached Docker clients";
}
