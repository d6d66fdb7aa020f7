using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Restores a VirtualMachine from a <see cref="VirtualMachineSnapshot"/> (<c>vmrestore</c>).</summary>
[KubernetesEntity(Group = SnapshotApi.Group, ApiVersion = SnapshotApi.V1Beta1, Kind = SnapshotApi.RestoreKind, PluralName = SnapshotApi.RestorePlural)]
public sealed class VirtualMachineRestore : IKubernetesObject<V1ObjectMeta>, ISpec<VirtualMachineRestoreSpec>, IStatus<VirtualMachineRestoreStatus?>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = SnapshotApi.StorageApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SnapshotApi.RestoreKind;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public VirtualMachineRestoreSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public VirtualMachineRestoreStatus? Status { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
