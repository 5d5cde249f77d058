using System.Text.Json;
using PSDocker.Native;

namespace PSDocker;

/// <summary>GetCommandInfo's JSON: where the command runs and how it ended.</summary>
internal sealed record CommandInfo(
    string Container, string Endpoint, string? ExecId, string Marker, int? ExitCode,
    string? ErrorKind, string? ErrorMessage, ProcessStop? Stop)
{
    public static CommandInfo Parse(string json)
    {
        using JsonDocument doc = JsonDocument.Parse(json);
        JsonElement root = doc.RootElement;
        int? exitCode = root.TryGetProperty("exitCode", out JsonElement code) && code.ValueKind == JsonValueKind.Number
            ? code.GetInt32()
            : null;
        (string? kind, string? message) = ParseError(root.TryGetProperty("error", out JsonElement e) ? e : default);
        return new CommandInfo(
            root.GetProperty("container").GetString() ?? "",
            root.GetProperty("endpoint").GetString() ?? "",
            root.TryGetProperty("execId", out JsonElement id) ? id.GetString() : null,
            root.TryGetProperty("marker", out JsonElement marker) ? marker.GetString() ?? "" : "",
            exitCode, kind, message,
            ProcessStop.Parse(root.TryGetProperty("stop", out JsonElement stop) ? stop : default));
    }

    /// <summary>Reads {"kind","message"}, the shape of every error the library returns.</summary>
    public static (string? Kind, string? Message) ParseError(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object
            ? (error.GetProperty("kind").GetString(), error.GetProperty("message").GetString())
            : (null, null);
}

/// <summary>
/// How the process of a stopped command (timeout, Ctrl+C, early end of the
/// pipeline) was ended: State is one of Native.StopState.
/// </summary>
internal sealed record ProcessStop(string State, string? Detail, int GraceSeconds, int Ended)
{
    /// <summary>The process may still be running: nothing could end it, or its end could not be checked.</summary>
    public bool MayStillRun => State is StopState.Failed or StopState.Unconfirmed;

    public static ProcessStop? Parse(JsonElement stop) =>
        stop.ValueKind == JsonValueKind.Object
            ? new ProcessStop(
                stop.GetProperty("state").GetString() ?? "",
                stop.TryGetProperty("detail", out JsonElement d) ? d.GetString() : null,
                stop.GetProperty("graceSeconds").GetInt32(),
                stop.TryGetProperty("ended", out JsonElement ended) ? ended.GetInt32() : 0)
            : null;
}
