using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Cdi;

/// <summary>What a user overrides of the profile CDI computed.</summary>
public class StorageProfileSpec : ApiObject
{
    /// <summary>snapshot, copy or csi-clone.</summary>
    [JsonPropertyName("cloneStrategy")]
    public string? CloneStrategy { get; set; }

    [JsonPropertyName("claimPropertySets")]
    public IList<ClaimPropertySet>? ClaimPropertySets { get; set; }

    /// <summary>The VolumeSnapshotClass to use for the class's claims (the snapshot controller honours it).</summary>
    [JsonPropertyName("snapshotClass")]
    public string? SnapshotClass { get; set; }

    [JsonPropertyName("dataImportCronSourceFormat")]
    public string? DataImportCronSourceFormat { get; set; }
}
