using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Harness.Api.Snapshots;

/// <summary>The captured source of a content.</summary>
public sealed class VirtualMachineSnapshotContentSource
{
    /// <summary>The VM as captured: metadata (managedFields stripped), spec, and an empty status.</summary>
    [JsonPropertyName("virtualMachine")]
    public JsonObject? VirtualMachine { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
