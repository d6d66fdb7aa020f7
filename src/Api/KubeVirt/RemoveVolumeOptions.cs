using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>The body of <c>removevolume</c>, and the pending request it leaves on the VM.</summary>
public sealed class RemoveVolumeOptions : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("dryRun")]
    public IList<string>? DryRun { get; set; }
}
