using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>A list of <see cref="VirtualMachineRestore"/>.</summary>
public sealed class VirtualMachineRestoreList : IKubernetesObject<V1ListMeta>, IItems<VirtualMachineRestore>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = SnapshotApi.StorageApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SnapshotApi.RestoreKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<VirtualMachineRestore> Items { get; set; } = [];
}
