using Harness.Runtime;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Harness.Simulators.Csi;

/// <summary>How a simulated CSI driver presents itself and sizes its volumes.</summary>
public sealed class CsiDriverSimulatorOptions
{
    /// <summary>The driver name (GetPluginInfo; the StorageClass provisioner and VolumeSnapshotClass driver).</summary>
    /// <value>Defaults to <see cref="CsiConstants.DefaultDriverName"/>.</value>
    [Required]
    public string DriverName { get; set; } = CsiConstants.DefaultDriverName;

    /// <summary>The node id NodeGetInfo reports.</summary>
    /// <value>Defaults to <see cref="CsiConstants.DefaultNodeId"/>.</value>
    [Required]
    public string NodeId { get; set; } = CsiConstants.DefaultNodeId;

    /// <summary>Whether the driver has the CREATE_DELETE_SNAPSHOT and LIST_SNAPSHOTS capabilities.</summary>
    /// <value>Defaults to <see langword="true"/>; without it the snapshot RPCs answer UNIMPLEMENTED.</value>
    public bool SnapshotsSupported { get; set; } = true;

    /// <summary>Whether the driver has the LIST_VOLUMES capability (ListVolumes, paged).</summary>
    /// <value>Defaults to <see langword="true"/>; without it ListVolumes answers UNIMPLEMENTED.</value>
    public bool ListVolumesSupported { get; set; } = true;

    /// <summary>Whether the driver has the GET_CAPACITY capability (what is left of <see cref="TotalCapacityBytes"/>).</summary>
    /// <value>Defaults to <see langword="true"/>; without it GetCapacity answers UNIMPLEMENTED.</value>
    public bool GetCapacitySupported { get; set; } = true;

    /// <summary>Whether volumes grow online: the controller's and the node's EXPAND_VOLUME and the ONLINE volume expansion plugin capability.</summary>
    /// <value>Defaults to <see langword="true"/>; without it ControllerExpandVolume and NodeExpandVolume answer UNIMPLEMENTED.</value>
    public bool ExpansionSupported { get; set; } = true;

    /// <summary>Whether the node has STAGE_UNSTAGE_VOLUME (NodeStageVolume before NodePublishVolume).</summary>
    /// <value>Defaults to <see langword="true"/>; without it NodeStageVolume and NodeUnstageVolume answer UNIMPLEMENTED.</value>
    public bool StageUnstageSupported { get; set; } = true;

    /// <summary>Whether the node has GET_VOLUME_STATS (NodeGetVolumeStats).</summary>
    /// <value>Defaults to <see langword="true"/>; without it NodeGetVolumeStats answers UNIMPLEMENTED.</value>
    public bool VolumeStatsSupported { get; set; } = true;

    /// <summary>Whether the controller attaches volumes to nodes: PUBLISH_UNPUBLISH_VOLUME and PUBLISH_READONLY.</summary>
    /// <value>Defaults to <see langword="true"/>; without it ControllerPublishVolume and ControllerUnpublishVolume answer UNIMPLEMENTED.</value>
    public bool ControllerPublishSupported { get; set; } = true;

    /// <summary>Whether the controller has MODIFY_VOLUME (ControllerModifyVolume with <see cref="MutableParameterKeys"/>).</summary>
    /// <value>Defaults to <see langword="true"/>; without it ControllerModifyVolume answers UNIMPLEMENTED and CreateVolume refuses mutable parameters.</value>
    public bool ModifyVolumeSupported { get; set; } = true;

    /// <summary>Whether the driver serves the GroupController service (CREATE_DELETE_GET_VOLUME_GROUP_SNAPSHOT).</summary>
    /// <value>Defaults to <see langword="true"/>; without it, or without <see cref="SnapshotsSupported"/>, the group RPCs answer UNIMPLEMENTED.</value>
    public bool GroupSnapshotsSupported { get; set; } = true;

    internal bool ServesGroupSnapshots => GroupSnapshotsSupported && SnapshotsSupported;

    /// <summary>The mutable parameters (a VolumeAttributesClass's) that CreateVolume and ControllerModifyVolume accept; others are INVALID_ARGUMENT.</summary>
    /// <value>Defaults to <see cref="CsiConstants.DefaultMutableParameterKeys"/>.</value>
    public IReadOnlyList<string> MutableParameterKeys { get; set; } = CsiConstants.DefaultMutableParameterKeys;

    /// <summary>The backend's size: the sum of its volumes' capacities stays within it (CreateVolume and ControllerExpandVolume answer RESOURCE_EXHAUSTED beyond).</summary>
    /// <value>Defaults to <see cref="CsiConstants.DefaultTotalCapacityBytes"/> (64 TiB).</value>
    [Range(1, long.MaxValue)]
    public long TotalCapacityBytes { get; set; } = CsiConstants.DefaultTotalCapacityBytes;

    /// <summary>A snapshot's size (the VolumeSnapshot's restoreSize) is its source volume's capacity rounded up to a multiple of this.</summary>
    /// <value>Defaults to 0: no rounding. Ceph-like drivers round to whole GiB.</value>
    [Range(0, long.MaxValue)]
    public long RestoreSizeRoundingBytes { get; set; }

    /// <summary>The capacity of a volume whose request names none.</summary>
    /// <value>Defaults to <see cref="CsiConstants.DefaultVolumeSizeBytes"/> (1 GiB).</value>
    [Range(1, long.MaxValue)]
    public long DefaultVolumeSizeBytes { get; set; } = CsiConstants.DefaultVolumeSizeBytes;

    /// <summary>Larger requests are refused with OUT_OF_RANGE.</summary>
    /// <value>Defaults to <see cref="CsiConstants.DefaultMaxVolumeSizeBytes"/> (16 TiB).</value>
    [Range(1, long.MaxValue)]
    public long MaxVolumeSizeBytes { get; set; } = CsiConstants.DefaultMaxVolumeSizeBytes;

    /// <summary>How many volumes the backend holds before CreateVolume answers RESOURCE_EXHAUSTED.</summary>
    /// <value>Defaults to 0: unlimited.</value>
    [Range(0, int.MaxValue)]
    public int MaxVolumes { get; set; }

    /// <summary>NodeGetInfo's <c>max_volumes_per_node</c>: ControllerPublishVolume answers RESOURCE_EXHAUSTED beyond this many volumes attached to the node.</summary>
    /// <value>Defaults to 0: unlimited (and not reported).</value>
    [Range(0, long.MaxValue)]
    public long MaxVolumesPerNode { get; set; }

    /// <summary>Where the backend keeps its volumes and snapshots, so that a restarted driver finds them again.</summary>
    /// <value>Defaults to <see langword="null"/>: memory only (the in-process backend outlives driver crashes anyway).</value>
    public string? StateDirectory { get; set; }

    /// <summary>The clock for snapshot creation times, readiness and injected latency, and the seed of the random source that draws fault latencies and probabilities.</summary>
    public required ComponentRuntime Runtime { get; set; }

    /// <value>Defaults to <see cref="NullLoggerFactory.Instance"/>.</value>
    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;

    /// <summary>Throws <see cref="ValidationException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (new CsiDriverSimulatorOptionsValidator().Validate(name: null, this) is { Failed: true, Failures: var failures })
        {
            throw new ValidationException(failures.First());
        }

        if (DefaultVolumeSizeBytes > MaxVolumeSizeBytes)
        {
            throw new ValidationException($"DefaultVolumeSizeBytes ({DefaultVolumeSizeBytes}) exceeds MaxVolumeSizeBytes ({MaxVolumeSizeBytes})");
        }
    }
}
