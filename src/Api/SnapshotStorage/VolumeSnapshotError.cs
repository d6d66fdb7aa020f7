using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.SnapshotStorage;

/// <summary>The last error of a snapshot operation, on both VolumeSnapshot and VolumeSnapshotContent.</summary>
public sealed class VolumeSnapshotError : ApiObject
{
    [JsonPropertyName("time")]
    public DateTime? Time { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
