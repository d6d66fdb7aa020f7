using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class KubeVirtConfiguration : ApiObject
{
    [JsonPropertyName("developerConfiguration")]
    public DeveloperConfiguration? DeveloperConfiguration { get; set; }
}
