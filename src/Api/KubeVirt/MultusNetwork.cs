using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

public sealed class MultusNetwork : ApiObject
{
    /// <summary>The NetworkAttachmentDefinition, <c>name</c> or <c>namespace/name</c>.</summary>
    [JsonPropertyName("networkName")]
    public string? NetworkName { get; set; }

    [JsonPropertyName("default")]
    public bool? Default { get; set; }
}
