using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>The attachment pod of a hot-plugged volume.</summary>
public sealed class HotplugVolumeStatus : ApiObject
{
    [JsonPropertyName("attachPodName")]
    public string? AttachPodName { get; set; }

    [JsonPropertyName("attachPodUID")]
    public string? AttachPodUid { get; set; }
}
