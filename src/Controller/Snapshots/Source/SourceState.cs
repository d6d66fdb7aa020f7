using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;

namespace Harness.Controller.Snapshots.Source;

/// <summary>
/// What the caches say about a snapshot's source VM (KubeVirt's source state, recomputed on every reconcile):
/// online means a VMI exists, whatever its phase or the run strategy; the guest agent is the presence of the
/// <c>AgentConnected</c> condition; paused is <c>Paused</c> True; the lock is <c>status.snapshotInProgress</c> and
/// the source-protection finalizer together.
/// </summary>
internal sealed record SourceState(VirtualMachine Vm, VirtualMachineInstance? Instance)
{
    public bool Online => Instance is not null;

    public bool Paused => Instance?.Status?.Conditions?.Any(c => c.Type == KubeVirtApi.ConditionTypes.Paused && c.Status == SnapshotApi.ConditionTrue) == true;

    public bool GuestAgent => Instance?.Status?.Conditions?.Any(c => c.Type == KubeVirtApi.ConditionTypes.AgentConnected) == true;

    /// <summary>The snapshot named in <c>status.snapshotInProgress</c>, if any.</summary>
    public string? Holder => Vm.Status?.SnapshotInProgress;

    public bool HasFinalizer => Vm.Metadata.Finalizers?.Contains(SnapshotApi.SourceProtectionFinalizer) == true;

    public bool IsLockedBy(string snapshotName) => Holder == snapshotName && HasFinalizer;

    /// <summary>The running instance's hot-plugged volumes (hotpluggable in its spec, or attached as hotplug volumes).</summary>
    public IReadOnlyList<string> HotpluggedVolumes =>
        Instance is null
            ? []
            : [.. (Instance.Spec.Volumes ?? []).Where(v => v.IsHotpluggable).Select(v => v.Name ?? "")
                .Union((Instance.Status?.VolumeStatus ?? []).Where(v => v.HotplugVolume is not null).Select(v => v.Name ?? ""))
                .Order(StringComparer.Ordinal)];
}
