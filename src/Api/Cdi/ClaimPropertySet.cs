using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Cdi;

/// <summary>An access-mode and volume-mode combination that the StorageClass supports, best first.</summary>
public sealed class ClaimPropertySet : ApiObject
{
    [JsonPropertyName("accessModes")]
    public IList<string>? AccessModes { get; set; }

    [JsonPropertyName("volumeMode")]
    public string? VolumeMode { get; set; }
}
