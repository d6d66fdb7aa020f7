using System.Text.Json.Serialization;

namespace Harness.Benchmarks.Http;

/// <summary>One watch event of VirtualMachineSnapshots, as the API server sends it.</summary>
internal sealed class SnapshotWatchEvent
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = string.Empty;

    [JsonPropertyName("object")]
    public SnapshotObject Object { get; set; } = new();
}
