using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>A CDI DataVolume used as a volume; its claim has the DataVolume's name.</summary>
public sealed class DataVolumeVolumeSource : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("hotpluggable")]
    public bool? Hotpluggable { get; set; }
}
