using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>A list of <see cref="VirtualMachineSnapshotContent"/>.</summary>
public sealed class VirtualMachineSnapshotContentList : IKubernetesObject<V1ListMeta>, IItems<VirtualMachineSnapshotContent>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = SnapshotApi.StorageApiVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = SnapshotApi.ContentKind + "List";

    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<VirtualMachineSnapshotContent> Items { get; set; } = [];
}
