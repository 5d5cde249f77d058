using System.Text.Json;

namespace PSDocker;

/// <summary>GetCommandInfo's JSON: where the command runs and how it ended.</summary>
internal sealed record CommandInfo(string Container, string Endpoint, string? ExecId, int? ExitCode, string? ErrorKind, string? ErrorMessage)
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
            exitCode, kind, message);
    }

    /// <summary>Reads {"kind","message"}, the shape of every error the library returns.</summary>
    public static (string? Kind, string? Message) ParseError(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object
            ? (error.GetProperty("kind").GetString(), error.GetProperty("message").GetString())
            : (null, null);
}
