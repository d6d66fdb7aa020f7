using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.SnapshotStorage;

/// <summary>What a snapshot class says, for single and group snapshots alike: the CSI driver, its parameters and the deletion policy.</summary>
public abstract class DriverSnapshotClass : Resource
{
    [JsonPropertyName("driver")]
    public string? Driver { get; set; }

    /// <summary><see cref="SnapshotStorageApi.DeletionPolicyDelete"/> or <see cref="SnapshotStorageApi.DeletionPolicyRetain"/>.</summary>
    [JsonPropertyName("deletionPolicy")]
    public string? DeletionPolicy { get; set; }

    [JsonPropertyName("parameters")]
    public IDictionary<string, string>? Parameters { get; set; }
}
