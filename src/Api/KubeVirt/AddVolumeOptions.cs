using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>The body of <c>addvolume</c>, and the pending request it leaves on the VM.</summary>
public sealed class AddVolumeOptions : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("disk")]
    public Disk? Disk { get; set; }

    [JsonPropertyName("volumeSource")]
    public HotplugVolumeSource? VolumeSource { get; set; }

    [JsonPropertyName("dryRun")]
    public IList<string>? DryRun { get; set; }
}
