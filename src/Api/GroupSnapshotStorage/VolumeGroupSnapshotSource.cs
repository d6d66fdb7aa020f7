using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.GroupSnapshotStorage;

/// <summary>Exactly one: a label selector over the namespace's claims (dynamic), or an existing group content (pre-provisioned).</summary>
public sealed class VolumeGroupSnapshotSource : ApiObject
{
    [JsonPropertyName("selector")]
    public V1LabelSelector? Selector { get; set; }

    [JsonPropertyName("volumeGroupSnapshotContentName")]
    public string? VolumeGroupSnapshotContentName { get; set; }
}
