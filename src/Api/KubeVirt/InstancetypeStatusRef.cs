using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>
/// A VM's <c>status.instancetypeRef</c> or <c>status.preferenceRef</c>: what virt-controller resolved the matcher to
/// and the ControllerRevision holding the copy the VM uses.
/// </summary>
public sealed class InstancetypeStatusRef : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }

    [JsonPropertyName("inferFromVolume")]
    public string? InferFromVolume { get; set; }

    [JsonPropertyName("inferFromVolumeFailurePolicy")]
    public string? InferFromVolumeFailurePolicy { get; set; }

    [JsonPropertyName("controllerRevisionRef")]
    public ControllerRevisionRef? ControllerRevisionRef { get; set; }
}
