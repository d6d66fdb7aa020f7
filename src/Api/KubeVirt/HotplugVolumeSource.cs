using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>What a hot-plugged volume is: exactly one of a claim or a DataVolume.</summary>
public sealed class HotplugVolumeSource : ApiObject
{
    [JsonPropertyName("persistentVolumeClaim")]
    public PersistentVolumeClaimVolumeSource? PersistentVolumeClaim { get; set; }

    [JsonPropertyName("dataVolume")]
    public DataVolumeVolumeSource? DataVolume { get; set; }
}
