namespace Harness.Simulators.Csi.Cli;

/// <summary>A <c>--no-…</c> flag that models a driver without one CSI capability.</summary>
internal sealed record CapabilityFlag(string Name, string Description, Action<CsiDriverSimulatorOptions> TurnOff)
{
    public static readonly IReadOnlyList<CapabilityFlag> All =
    [
        new("--no-list-volumes", "Drop LIST_VOLUMES (ListVolumes answers UNIMPLEMENTED)", o => o.ListVolumesSupported = false),
        new("--no-get-capacity", "Drop GET_CAPACITY (GetCapacity answers UNIMPLEMENTED)", o => o.GetCapacitySupported = false),
        new("--no-expansion", "Drop volume expansion (ControllerExpandVolume and NodeExpandVolume answer UNIMPLEMENTED)", o => o.ExpansionSupported = false),
        new("--no-stage-unstage", "Drop STAGE_UNSTAGE_VOLUME (NodeStageVolume and NodeUnstageVolume answer UNIMPLEMENTED)", o => o.StageUnstageSupported = false),
        new("--no-volume-stats", "Drop GET_VOLUME_STATS (NodeGetVolumeStats answers UNIMPLEMENTED)", o => o.VolumeStatsSupported = false),
        new("--no-controller-publish", "Drop PUBLISH_UNPUBLISH_VOLUME (ControllerPublishVolume and ControllerUnpublishVolume answer UNIMPLEMENTED)", o => o.ControllerPublishSupported = false),
        new("--no-modify-volume", "Drop MODIFY_VOLUME (ControllerModifyVolume answers UNIMPLEMENTED)", o => o.ModifyVolumeSupported = false),
        new("--no-group-snapshots", "Drop the GroupController service (volume group snapshot RPCs answer UNIMPLEMENTED)", o => o.GroupSnapshotsSupported = false),
    ];
}
