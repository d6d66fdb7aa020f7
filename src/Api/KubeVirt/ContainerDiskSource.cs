using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>An ephemeral disk from a container image (nothing to snapshot).</summary>
public sealed class ContainerDiskSource : ApiObject
{
    [JsonPropertyName("image")]
    public string? Image { get; set; }

    [JsonPropertyName("imagePullPolicy")]
    public string? ImagePullPolicy { get; set; }

    [JsonPropertyName("path")]
    public string? Path { get; set; }
}
