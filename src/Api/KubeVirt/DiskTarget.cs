using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>How a disk is attached: the bus (virtio, sata, scsi, usb) and whether it is read-only.</summary>
public sealed class DiskTarget : ApiObject
{
    [JsonPropertyName("bus")]
    public string? Bus { get; set; }

    [JsonPropertyName("readonly")]
    public bool? ReadOnly { get; set; }
}
