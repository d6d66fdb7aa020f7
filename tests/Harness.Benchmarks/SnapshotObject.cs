using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Benchmarks;

/// <summary>The part of a VirtualMachineSnapshot the watch benchmark reads.</summary>
internal sealed class SnapshotObject : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = string.Empty;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = string.Empty;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
