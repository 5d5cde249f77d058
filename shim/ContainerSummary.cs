using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using PSDocker.Native;

namespace PSDocker;

/// <summary>A running container as ListContainers in libpsdocker reports it (docker ps's columns).</summary>
internal sealed record ContainerSummary(string Name, string Image, string Status, string Id)
{
    /// <summary>
    /// The running containers on the endpoint the session's DOCKER_* settings
    /// select, newest first; paused ones are left out.
    /// </summary>
    /// <exception cref="ContainerCommandException">The daemon refused, or did not answer within <paramref name="timeout"/>.</exception>
    public static unsafe IReadOnlyList<ContainerSummary> ListRunning(TimeSpan timeout)
    {
        byte[] request = Request(timeout);
        int rc;
        nint result;
        fixed (byte* p = request)
        {
            rc = NativeMethods.ListContainers(p, request.Length, out result);
        }
        using JsonDocument doc = JsonDocument.Parse(NativeMethods.TakeString(result) ?? "null");
        if (rc != 0)
        {
            (string? kind, string? message) = CommandInfo.ParseError(doc.RootElement);
            throw new ContainerCommandException(kind ?? ErrorKind.DaemonError, message ?? "the containers could not be listed", "", "");
        }
        return doc.RootElement.EnumerateArray().Select(c => new ContainerSummary(
            c.GetProperty("name").GetString() ?? "",
            c.GetProperty("image").GetString() ?? "",
            c.GetProperty("status").GetString() ?? "",
            c.GetProperty("id").GetString() ?? "")).ToList();
    }

    private static byte[] Request(TimeSpan timeout)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteNumber("timeoutMs", (long)timeout.TotalMilliseconds);
            CommandRequest.WriteEnvironment(json);
            json.WriteEndObject();
        }
        return stream.ToArray();
    }
}
