using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>A disk device, named after the volume behind it; at most one of disk, lun and cdrom.</summary>
public sealed class Disk : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("disk")]
    public DiskTarget? DiskTarget { get; set; }

    [JsonPropertyName("lun")]
    public DiskTarget? Lun { get; set; }

    [JsonPropertyName("cdrom")]
    public DiskTarget? Cdrom { get; set; }

    [JsonPropertyName("bootOrder")]
    public int? BootOrder { get; set; }

    [JsonPropertyName("serial")]
    public string? Serial { get; set; }
}
