using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>The last error a snapshot or its content met.</summary>
public sealed class SnapshotError : ApiObject
{
    [JsonPropertyName("time")]
    public DateTime? Time { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}
