using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>A point-in-time copy of a VirtualMachine's definition and persistent volumes (<c>vmsnapshot</c>).</summary>
[KubernetesEntity(Group = SnapshotApi.Group, ApiVersion = SnapshotApi.V1Beta1, Kind = SnapshotApi.SnapshotKind, PluralName = SnapshotApi.SnapshotPlural)]
public sealed class VirtualMachineSnapshot : IKubernetesObject<V1ObjectMeta>, ISpec<VirtualMachineSnapshotSpec>, IStatus<VirtualMachineSnapshotStatus?>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = SnapshotApi.StorageApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SnapshotApi.SnapshotKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public VirtualMachineSnapshotSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public VirtualMachineSnapshotStatus? Status { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
