using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>What a <see cref="VirtualMachineSnapshot"/> captured: the VM definition and one VolumeSnapshot per included volume (<c>vmsnapshotcontent</c>).</summary>
[KubernetesEntity(Group = SnapshotApi.Group, ApiVersion = SnapshotApi.V1Beta1, Kind = SnapshotApi.ContentKind, PluralName = SnapshotApi.ContentPlural)]
public sealed class VirtualMachineSnapshotContent : IKubernetesObject<V1ObjectMeta>, ISpec<VirtualMachineSnapshotContentSpec>, IStatus<VirtualMachineSnapshotContentStatus?>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = SnapshotApi.StorageApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SnapshotApi.ContentKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public VirtualMachineSnapshotContentSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public VirtualMachineSnapshotContentStatus? Status { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
