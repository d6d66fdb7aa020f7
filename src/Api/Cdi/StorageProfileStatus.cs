using System.Text.Json.Serialization;

namespace Harness.Api.Cdi;

/// <summary>The profile in effect: the spec's fields (the user's overrides over what CDI knows of the provisioner) and the class.</summary>
public sealed class StorageProfileStatus : StorageProfileSpec
{
    [JsonPropertyName("storageClass")]
    public string? StorageClass { get; set; }

    [JsonPropertyName("provisioner")]
    public string? Provisioner { get; set; }
}
