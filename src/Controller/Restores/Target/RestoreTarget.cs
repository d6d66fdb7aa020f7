using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;

namespace Harness.Controller.Restores.Target;

/// <summary>The VM a restore writes into, as the caches show it: absent (a new VM), or existing with or without a VMI.</summary>
internal sealed record RestoreTarget(VirtualMachineRestore Restore, VirtualMachine? Vm, VirtualMachineInstance? Instance)
{
    public bool Exists => Vm is not null;

    /// <summary>Ready to be restored into: missing, or without a VMI.</summary>
    public bool IsReady => Vm is null || Instance is null;

    /// <summary>The VM already carries this restore's <c>lastRestoreUID</c>: its spec was written by it.</summary>
    public bool IsRestored => Vm?.Metadata.Annotations?.TryGetValue(SnapshotApi.LastRestoreUidAnnotation, out var value) == true
        && value == LastRestoreUid(Restore);

    public static string LastRestoreUid(VirtualMachineRestore restore) =>
        SnapshotApi.LastRestoreUid(restore.Metadata.Name, restore.Metadata.Uid);
}
