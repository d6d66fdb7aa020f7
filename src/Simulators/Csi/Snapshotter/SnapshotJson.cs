using System.Globalization;
using System.Text.Json.Nodes;

namespace Harness.Simulators.Csi.Snapshotter;

/// <summary>Times and errors as the snapshot APIs write them.</summary>
internal static class SnapshotJson
{
    public static string? Rfc3339(DateTime? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static JsonObject Error(string message, DateTimeOffset now) => new()
    {
        ["time"] = Rfc3339(now.UtcDateTime),
        ["message"] = message,
    };
}
