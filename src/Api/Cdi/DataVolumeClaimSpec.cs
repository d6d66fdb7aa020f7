using System.Text.Json.Serialization;
using Harness.Api.Quantities;
using Harness.Api.Resources;

namespace Harness.Api.Cdi;

/// <summary>
/// The claim a DataVolume makes (its <c>pvc</c> or <c>storage</c>), as written in a DataVolume or a VM's
/// <c>dataVolumeTemplates</c>: the quantities and the fields the harness does not name (data sources, selector...)
/// are kept as read, since the API server stores a custom resource as it was sent.
/// </summary>
public sealed class DataVolumeClaimSpec : ApiObject
{
    [JsonPropertyName("accessModes")]
    public IList<string>? AccessModes { get; set; }

    [JsonPropertyName("volumeMode")]
    public string? VolumeMode { get; set; }

    [JsonPropertyName("storageClassName")]
    public string? StorageClassName { get; set; }

    [JsonPropertyName("resources")]
    public ResourceRequirements? Resources { get; set; }
}
