using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class Devices : ApiObject
{
    [JsonPropertyName("disks")]
    public IList<Disk>? Disks { get; set; }

    [JsonPropertyName("interfaces")]
    public IList<Interface>? Interfaces { get; set; }

    [JsonPropertyName("tpm")]
    public TpmDevice? Tpm { get; set; }
}
