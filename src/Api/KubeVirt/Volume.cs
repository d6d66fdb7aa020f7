using System.Text.Json.Serialization;
using Harness.Api.Resources;

namespace Harness.Api.KubeVirt;

/// <summary>
/// A volume of an instance: exactly one source. The sources the snapshot controller and the simulators tell apart are
/// typed; the others (emptyDisk, ephemeral, configMap, secret, serviceAccount, sysprep, ...) stay as unknown fields.
/// </summary>
public sealed class Volume : ApiObject
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("persistentVolumeClaim")]
    public PersistentVolumeClaimVolumeSource? PersistentVolumeClaim { get; set; }

    [JsonPropertyName("dataVolume")]
    public DataVolumeVolumeSource? DataVolume { get; set; }

    [JsonPropertyName("containerDisk")]
    public ContainerDiskSource? ContainerDisk { get; set; }

    [JsonPropertyName("cloudInitNoCloud")]
    public CloudInitNoCloudSource? CloudInitNoCloud { get; set; }

    /// <summary>
    /// A claim that receives the guest's memory dump (KubeVirt's <c>MemoryDumpVolumeSource</c>: a hot-pluggable claim source),
    /// added by virt-controller for a <c>memorydump</c> request; snapshotted like a claim, never restored.
    /// </summary>
    [JsonPropertyName("memoryDump")]
    public PersistentVolumeClaimVolumeSource? MemoryDump { get; set; }

    /// <summary>The claim behind the volume, of a claim or a DataVolume (whose claim has its name).</summary>
    [JsonIgnore]
    public string? ClaimName => PersistentVolumeClaim?.ClaimName ?? DataVolume?.Name;

    /// <summary>Hot-plugged into a running instance rather than present at boot: a hot-pluggable claim, DataVolume or memory dump.</summary>
    [JsonIgnore]
    public bool IsHotpluggable => PersistentVolumeClaim?.Hotpluggable == true || DataVolume?.Hotpluggable == true || MemoryDump?.Hotpluggable == true;
}
