using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>Which of the VM's volumes the snapshot holds.</summary>
public sealed class SnapshotVolumesLists
{
    [JsonPropertyName("includedVolumes")]
    public IList<string>? IncludedVolumes { get; set; }

    [JsonPropertyName("excludedVolumes")]
    public IList<string>? ExcludedVolumes { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
