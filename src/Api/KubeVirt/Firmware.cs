using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>The guest's SMBIOS identity (a restore into the same VM keeps it) and its bootloader.</summary>
public sealed class Firmware : ApiObject
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; set; }

    [JsonPropertyName("serial")]
    public string? Serial { get; set; }

    [JsonPropertyName("bootloader")]
    public Bootloader? Bootloader { get; set; }
}
