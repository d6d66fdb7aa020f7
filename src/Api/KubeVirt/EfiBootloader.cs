using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>UEFI boot (<c>bootloader.efi</c>); persistent EFI variables are kept in backend storage.</summary>
public sealed class EfiBootloader : ApiObject
{
    [JsonPropertyName("persistent")]
    public bool? Persistent { get; set; }

    [JsonPropertyName("secureBoot")]
    public bool? SecureBoot { get; set; }
}
