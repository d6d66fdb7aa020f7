using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Simulators.Csi.SnapshotApi;

/// <summary>How a driver takes snapshots (cluster-scoped, snapshot.storage.k8s.io/v1); no spec, the fields sit at the top level.</summary>
public sealed class VolumeSnapshotClass : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = SnapshotApiConstants.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SnapshotApiConstants.VolumeSnapshotClassKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("driver")]
    public string Driver { get; set; } = string.Empty;

    [JsonPropertyName("deletionPolicy")]
    public string DeletionPolicy { get; set; } = SnapshotApiConstants.DeletionPolicyDelete;

    [JsonPropertyName("parameters")]
    public Dictionary<string, string>? Parameters { get; set; }
}
