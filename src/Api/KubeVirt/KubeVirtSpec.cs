using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class KubeVirtSpec : ApiObject
{
    [JsonPropertyName("configuration")]
    public KubeVirtConfiguration? Configuration { get; set; }
}
