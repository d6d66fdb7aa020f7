using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Simulators.Csi.SnapshotApi;

/// <summary>A snapshot on the storage backend (cluster-scoped, snapshot.storage.k8s.io/v1).</summary>
public sealed class VolumeSnapshotContent : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = SnapshotApiConstants.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SnapshotApiConstants.VolumeSnapshotContentKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public VolumeSnapshotContentSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public VolumeSnapshotContentStatus? Status { get; set; }
}
