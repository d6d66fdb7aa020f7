using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>The captured VM and its volume backups.</summary>
public sealed class VirtualMachineSnapshotContentSpec
{
    /// <summary>The owning snapshot, by name (no owner reference).</summary>
    [JsonPropertyName("virtualMachineSnapshotName")]
    public string? VirtualMachineSnapshotName { get; set; }

    [JsonPropertyName("source")]
    public VirtualMachineSnapshotContentSource Source { get; set; } = new();

    [JsonPropertyName("volumeBackups")]
    public IList<VolumeBackup>? VolumeBackups { get; set; }

    /// <summary>Fields this model does not name, kept so a read-modify-write loses nothing.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalProperties { get; set; }
}
