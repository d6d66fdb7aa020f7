using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>An emulated TPM (<c>spec.domain.devices.tpm</c>); a persistent one keeps its state in backend storage.</summary>
public sealed class TpmDevice : ApiObject
{
    [JsonPropertyName("persistent")]
    public bool? Persistent { get; set; }
}
