using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Restores.Caches;
using Harness.Reconciling;

namespace Harness.Controller.Restores.Target;

/// <summary>The snapshot a restore reads, checked as KubeVirt's <c>getVMSnapshot</c>/<c>getSnapshotContent</c> check it (§3.2 step 7, §3.4).</summary>
internal sealed record SnapshotSource(VirtualMachineSnapshot Snapshot, VirtualMachineSnapshotContent Content, VirtualMachine CapturedVm)
{
    /// <exception cref="RestoreException">The snapshot or its content is missing, failed or not ready.</exception>
    public static SnapshotSource Read(RestoreCaches caches, VirtualMachineRestore restore)
    {
        var ns = restore.Metadata.NamespaceProperty;
        var name = restore.Spec.VirtualMachineSnapshotName;
        var snapshot = caches.Snapshots.Get(ObjectKey.Of(ns, name))
            ?? throw new RestoreException($"VMSnapshot {ns}/{name} does not exist");
        if (snapshot.Status?.Phase == SnapshotApi.PhaseFailed)
        {
            throw new RestoreException($"VMSnapshot {ns}/{name} failed and is invalid to use");
        }

        if (snapshot.Status?.ReadyToUse != true)
        {
            throw new RestoreException($"VMSnapshot {ns}/{name} not ready");
        }

        var contentName = snapshot.Status.VirtualMachineSnapshotContentName
            ?? throw new RestoreException($"no snapshot content name in {ns}/{name}");
        var content = caches.Contents.Get(ObjectKey.Of(ns, contentName))
            ?? throw new RestoreException($"VMSnapshotContent {ns}/{contentName} does not exist");
        if (content.Status?.ReadyToUse != true)
        {
            throw new RestoreException($"VMSnapshotContent {ns}/{contentName} not ready");
        }

        var captured = content.Spec.Source.VirtualMachine
            ?? throw new RestoreException("unexpected snapshot source");
        return new SnapshotSource(snapshot, content, captured);
    }

    /// <summary>The captured VM's volumes that hold a guest's memory dump: snapshotted, never restored.</summary>
    public ISet<string> MemoryDumpVolumes =>
        CapturedVm.Spec.Template?.Spec?.Volumes?.Where(v => v.MemoryDump is not null).Select(v => v.Name ?? "").ToHashSet(StringComparer.Ordinal)
        ?? new HashSet<string>(StringComparer.Ordinal);
}
