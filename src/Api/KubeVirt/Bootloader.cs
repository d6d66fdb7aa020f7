using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary><c>spec.domain.firmware.bootloader</c>; BIOS stays an unknown field.</summary>
public sealed class Bootloader : ApiObject
{
    [JsonPropertyName("efi")]
    public EfiBootloader? Efi { get; set; }
}
