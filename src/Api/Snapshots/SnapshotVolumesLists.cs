using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Which of the VM's volumes the snapshot holds.</summary>
public sealed class SnapshotVolumesLists : ApiObject
{
    [JsonPropertyName("includedVolumes")]
    public IList<string>? IncludedVolumes { get; set; }

    [JsonPropertyName("excludedVolumes")]
    public IList<string>? ExcludedVolumes { get; set; }
}
