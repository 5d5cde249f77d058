using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using PSDocker.Native;

namespace PSDocker;

/// <summary>What InvokeCommand in libpsdocker takes, encoded as its JSON.</summary>
internal sealed record CommandRequest(string Container, IReadOnlyList<string> Argv, TimeSpan Timeout)
{
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
            WriteEnvironment(json);
            json.WriteEndObject();
        }
        return stream.ToArray();
    }

    /// <summary>
    /// Writes "env": the DOCKER_* settings as .NET's environment has them now.
    /// Read at every call: on Unix, $env:X = ... in pwsh changes only .NET's
    /// copy, which native code never sees.
    /// </summary>
    internal static void WriteEnvironment(Utf8JsonWriter json)
    {
        json.WriteStartObject("env");
        foreach (string name in RequestEnvironment.Names)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                json.WriteString(name, value);
            }
        }
        json.WriteEndObject();
    }
}
