using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>A list of <see cref="VirtualMachineSnapshot"/>.</summary>
public sealed class VirtualMachineSnapshotList : IKubernetesObject<V1ListMeta>, IItems<VirtualMachineSnapshot>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = SnapshotApi.StorageApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SnapshotApi.SnapshotKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<VirtualMachineSnapshot> Items { get; set; } = [];
}
