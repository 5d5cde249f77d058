using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace PSDocker;

/// <summary>What InvokeCommand in libpsdocker takes, encoded as its JSON.</summary>
internal sealed record CommandRequest(string Container, IReadOnlyList<string> Argv, TimeSpan Timeout)
{
    /// <summary>
    /// The variables that choose the daemon, as the docker CLI reads them
    /// (HOME or USERPROFILE locate ~/.docker). They are read from .NET's
    /// environment at every call: on Unix, $env:X = ... in pwsh changes only
    /// .NET's copy, which native code would never see. Keep in step with
    /// environmentNames in internal/bridge/request.go (a Go test compares them).
    /// </summary>
    internal static readonly string[] EnvironmentNames =
    [
        "DOCKER_HOST", "DOCKER_API_VERSION", "DOCKER_CERT_PATH", "DOCKER_TLS_VERIFY", "DOCKER_TLS",
        "DOCKER_CONTEXT", "DOCKER_CONFIG", "HOME", "USERPROFILE",
    ];

    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("container", Container);
            json.WriteStartArray("argv");
            foreach (string arg in Argv)
            {
                json.WriteStringValue(arg);
            }
            json.WriteEndArray();
            json.WriteNumber("timeoutMs", (long)Timeout.TotalMilliseconds);
            json.WriteStartObject("env");
            foreach (string name in EnvironmentNames)
            {
                if (Environment.GetEnvironmentVariable(name) is { } value)
                {
                    json.WriteString(name, value);
                }
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}
