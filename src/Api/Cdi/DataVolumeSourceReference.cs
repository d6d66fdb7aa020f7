using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.Cdi;

/// <summary>A claim or a VolumeSnapshot a DataVolume is cloned from.</summary>
public sealed class DataVolumeSourceReference : ApiObject
{
    [JsonPropertyName("namespace")]
    public string? Namespace { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
