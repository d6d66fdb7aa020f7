using Harness.Api.Clones;
using Harness.Api.Snapshots;
using Harness.Reconciling;
using Harness.Simulators.KubeVirt.Objects;
using Harness.Simulators.KubeVirt.Watching;
using k8s;
using k8s.Models;

namespace Harness.Simulators.KubeVirt.Clones;

/// <summary>
/// KubeVirt's VirtualMachineClone controller (<c>clone.kubevirt.io/v1beta1</c>, target kind VirtualMachine): of a
/// VirtualMachine source it takes a VirtualMachineSnapshot (SnapshotInProgress), or it uses a VirtualMachineSnapshot
/// source as it is; once the snapshot is ready it creates a VirtualMachineRestore to the target (the target's name, or
/// <c>&lt;vm&gt;-clone-&lt;5 letters&gt;</c>) with <see cref="ClonePatches"/> (RestoreInProgress); once the restore is
/// complete it waits for the target VM (CreatingTargetVM), is Succeeded, and when every restored claim is Bound deletes
/// the restore and the snapshot it took and clears their names. A missing source fails the clone; a Succeeded clone
/// whose target VM is gone is deleted. Each step records a Normal event; errors are retried with back-off.
/// </summary>
internal sealed partial class CloneController(CloneCache cache, ClusterCache cluster, ObjectWriter writer, EventRecorder events, KubeVirtSimulatorOptions options)
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        var clone = cache.Clones.Get(key);
        if (clone is null)
        {
            return ReconcileResult.Done;
        }

        var status = clone.Status is { } current ? KubernetesJson.Deserialize<VirtualMachineCloneStatus>(KubernetesJson.Serialize(current)) : new();
        if (status.Phase == CloneApi.Phases.Succeeded && status.TargetName is { } target
            && cluster.VirtualMachines.Get(new ObjectKey(key.Namespace, target)) is null)
        {
            if (clone.Metadata.DeletionTimestamp is null)
            {
                await writer.DeleteAsync(CustomResource.VirtualMachineClones, key, ct);
            }

            return ReconcileResult.Done;
        }

        var step = new CloneStep(clone, status);
        string? error = null;
        if (status.Phase != CloneApi.Phases.Failed)
        {
            error = await SyncAsync(step, ct);
        }

        await WriteStatusAsync(step, ct);
        return error is null ? ReconcileResult.Done : throw new InvalidOperationException(error);
    }

    private async Task<string?> SyncAsync(CloneStep step, CancellationToken ct)
    {
        var (clone, status) = (step.Clone, step.Status);
        var ns = clone.Namespace();
        var sourceKind = clone.Spec.Source?.Kind ?? "";
        var sourceName = clone.Spec.Source?.Name ?? "";
        VirtualMachineSnapshot? snapshot = null;
        switch (sourceKind)
        {
            case "VirtualMachine" when cluster.VirtualMachines.Get(new ObjectKey(ns, sourceName)) is null:
            case "VirtualMachineSnapshot" when cache.Snapshots.Get(new ObjectKey(ns, sourceName)) is null:
                await FailAsync(step, CloneApi.Events.SourceDoesNotExist, $"{sourceKind} {sourceName} does not exist in namespace {ns}", ct);
                return $"{sourceKind} {sourceName} in namespace {ns} does not exist";
            case "VirtualMachine":
                break;
            case "VirtualMachineSnapshot":
                snapshot = cache.Snapshots.Get(new ObjectKey(ns, sourceName));
                break;
            default:
                return $"clone {clone.Name()} is defined with an unknown source type {sourceKind}";
        }

        if ((clone.Spec.Target?.Kind ?? "VirtualMachine") is var targetKind && targetKind != "VirtualMachine")
        {
            return $"target type is unknown: {targetKind}";
        }

        var snapshotName = snapshot?.Name() ?? status.SnapshotName;
        if (step.Phase is "" or CloneApi.Phases.SnapshotInProgress)
        {
            step.Phase = CloneApi.Phases.SnapshotInProgress;
            if (snapshotName is null)
            {
                status.SnapshotName = await CreateSnapshotAsync(clone, sourceName, ct);
                return null;
            }

            snapshot = cache.Snapshots.Get(new ObjectKey(ns, snapshotName));
            if (snapshot is null)
            {
                return $"snapshot {snapshotName} is not created yet for clone {clone.Name()}";
            }

            if (snapshot.Status?.ReadyToUse != true)
            {
                return null;
            }

            await RecordAsync(clone, CloneApi.Events.SnapshotReady, $"snapshot {snapshotName} for clone {clone.Name()} is ready to use", ct);
            step.Phase = CloneApi.Phases.RestoreInProgress;
        }

        if (step.Phase == CloneApi.Phases.RestoreInProgress)
        {
            snapshot ??= snapshotName is null ? null : cache.Snapshots.Get(new ObjectKey(ns, snapshotName));
            if (snapshot is null)
            {
                await FailAsync(step, CloneApi.Events.SnapshotDeleted, $"snapshot {snapshotName} does not exist anymore", ct);
                return null;
            }

            if (status.RestoreName is not { } restoreName)
            {
                status.RestoreName = await CreateRestoreAsync(clone, snapshot, ct);
                return null;
            }

            var restore = cache.Restores.Get(new ObjectKey(ns, restoreName));
            if (restore is null)
            {
                return $"restore {restoreName} is not created yet for clone {clone.Name()}";
            }

            if (IsProgressing(restore))
            {
                return null;
            }

            await RecordAsync(clone, CloneApi.Events.RestoreReady, $"restore {restoreName} for clone {clone.Name()} is ready to use", ct);
            status.TargetName = restore.Spec.Target.Name;
            step.Phase = CloneApi.Phases.CreatingTargetVM;
        }

        if (step.Phase == CloneApi.Phases.CreatingTargetVM)
        {
            var target = status.TargetName ?? "";
            if (cluster.VirtualMachines.Get(new ObjectKey(ns, target)) is null)
            {
                return $"target VM {target} is not created yet for clone {clone.Name()}";
            }

            await RecordAsync(clone, CloneApi.Events.TargetVMCreated, $"created target VM {target} for clone {clone.Name()}", ct);
            step.Phase = CloneApi.Phases.Succeeded;
        }

        return step.Phase == CloneApi.Phases.Succeeded && status.RestoreName is { } created
            ? await CleanUpAsync(step, created, deleteSnapshot: sourceKind == "VirtualMachine", ct)
            : null;
    }

    /// <summary>Once every restored claim is Bound: deletes the restore and the snapshot the clone took, and forgets both.</summary>
    private async Task<string?> CleanUpAsync(CloneStep step, string restoreName, bool deleteSnapshot, CancellationToken ct)
    {
        var (clone, status) = (step.Clone, step.Status);
        var ns = clone.Namespace();
        var restore = cache.Restores.Get(new ObjectKey(ns, restoreName));
        if (restore is null)
        {
            return $"restore {restoreName} is not created yet for clone {clone.Name()}";
        }

        foreach (var entry in restore.Status?.Restores ?? [])
        {
            var claimName = entry.PersistentVolumeClaim;
            var claim = cluster.Claim(ns, claimName);
            if (claim is null)
            {
                return $"PVC {claimName} is not created yet for clone {clone.Name()}";
            }

            if (claim.Status?.Phase != "Bound")
            {
                return null;
            }
        }

        await RecordAsync(clone, CloneApi.Events.PVCBound, $"all PVC for clone {clone.Name()} are bound", ct);
        await writer.DeleteAsync(CustomResource.VirtualMachineRestores, new ObjectKey(ns, restoreName), ct);
        if (deleteSnapshot && status.SnapshotName is { } snapshotName)
        {
            await writer.DeleteAsync(CustomResource.VirtualMachineSnapshots, new ObjectKey(ns, snapshotName), ct);
        }

        status.SnapshotName = null;
        status.RestoreName = null;
        return null;
    }

    /// <summary>A restore that is neither complete nor failed (KubeVirt's <c>VmRestoreProgressing</c>).</summary>
    private static bool IsProgressing(VirtualMachineRestore restore)
        => restore.Status?.Complete != true
            && restore.Status?.Conditions?.FirstOrDefault(c => c.Type == "Failure")?.Status != "True";

    private async Task FailAsync(CloneStep step, string reason, string message, CancellationToken ct)
    {
        await RecordAsync(step.Clone, reason, message, ct);
        step.Phase = CloneApi.Phases.Failed;
    }

    private Task RecordAsync(VirtualMachineClone clone, string reason, string message, CancellationToken ct)
        => events.RecordAsync(CustomResource.VirtualMachineClones.Reference(clone), EventRecorder.Normal, reason, message, ct);
}
