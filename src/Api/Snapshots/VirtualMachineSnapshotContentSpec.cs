using System.Text.Json.Serialization;
using Harness.Api.Resources;
using k8s.Models;

namespace Harness.Api.Snapshots;

/// <summary>The captured VM and its volume backups.</summary>
public sealed class VirtualMachineSnapshotContentSpec : ApiObject
{
    /// <summary>The owning snapshot, by name (no owner reference).</summary>
    [JsonPropertyName("virtualMachineSnapshotName")]
    public string? VirtualMachineSnapshotName { get; set; }

    [JsonPropertyName("source")]
    public VirtualMachineSnapshotContentSource Source { get; set; } = new();

    [JsonPropertyName("volumeBackups")]
    public IList<VolumeBackup>? VolumeBackups { get; set; }
}
