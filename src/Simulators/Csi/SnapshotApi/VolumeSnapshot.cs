using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Simulators.Csi.SnapshotApi;

/// <summary>A request for a snapshot of a PersistentVolumeClaim (snapshot.storage.k8s.io/v1).</summary>
public sealed class VolumeSnapshot : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = SnapshotApiConstants.ApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SnapshotApiConstants.VolumeSnapshotKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public VolumeSnapshotSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public VolumeSnapshotStatus? Status { get; set; }
}
