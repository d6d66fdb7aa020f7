using System.Text.Json.Nodes;
using Harness.Api.KubeVirt;
using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Controller.Defects;
using Harness.Controller.Restores.Status;
using Harness.Controller.Restores.Target;
using Harness.Controller.Restores.Volumes;
using Harness.Reconciling;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Restores.Lifecycle;

/// <summary>
/// Reconciles one VirtualMachineRestore (KubeVirt's <c>updateVMRestore</c>, §3.2), one step per pass, each ending in a
/// status write that says which: initialise; handle deletion; stop if complete or failed; own the restore by its target
/// and hold the finalizer; apply the readiness policy while the target has a VMI; check the snapshot and the target;
/// mark the VM; restore the claims; write DataVolumes and the VM; delete obsolete DataVolumes; unmark; complete.
/// A failed step writes its error as the conditions' reason, records a Warning event and backs off.
/// </summary>
internal sealed class RestoreReconciler(RestoreControllerContext context)
{
    private readonly VolumeRestorer volumes = new(context);
    private readonly TargetReconciler targets = new(context);

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (context.Caches.Restores.Get(key) is not { } cached)
        {
            return ReconcileResult.Done;
        }

        var restore = ObjectCopy.Of(cached);
        var state = RestoreStates.Read(restore, context.Options.GracePeriod);
        var lifecycle = new RestoreLifecycle(
            () => state,
            s => state = s,
            t => context.Logger.LogInformation("vmrestore {Key}: {Source} -> {Destination} on {Trigger}", key, t.Source, t.Destination, t.Trigger));
        var pass = new Pass(restore, lifecycle);
        if (state == RestoreState.New)
        {
            await lifecycle.FireAsync(RestoreTrigger.Observed);
            await WriteStatusAsync(pass, null, ct);
            return ReconcileResult.Done;
        }

        try
        {
            return await StepAsync(pass, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var message = e is HttpOperationException ? ApiErrors.Message(e) : e.Message;
            await lifecycle.FireAsync(RestoreTrigger.Errored);
            await context.Events.RecordAsync(pass.Restore, EventRecorder.Warning, SnapshotApi.RestoreErrorEvent, $"VirtualMachineRestore encountered error {message}", ct);
            if (lifecycle.State == RestoreState.InError)
            {
                try
                {
                    pass.Restore = ObjectCopy.Of(pass.Observed);
                    await WriteStatusAsync(pass, message, ct);
                }
                catch (HttpOperationException written) when (ApiErrors.IsConflict(written))
                {
                    // The restore moved since it was read; the retry reads it again and reports the error then.
                }
            }

            throw;
        }
    }

    private async Task<ReconcileResult> StepAsync(Pass pass, CancellationToken ct)
    {
        var lifecycle = pass.Lifecycle;
        if (pass.Restore.Spec.Target.Kind != KubeVirtApi.VirtualMachineKind)
        {
            throw new RestoreException("unknown source");
        }

        if (pass.Restore.Metadata.DeletionTimestamp is not null)
        {
            await DeleteAsync(pass, ct);
            return ReconcileResult.Done;
        }

        if (!lifecycle.IsInProgress)
        {
            return ReconcileResult.Done;
        }

        await OwnAsync(pass, Target(pass.Restore), ct);
        var target = Target(pass.Restore);
        if (!target.IsReady && !context.Options.Defects.HasFlag(ControllerDefects.RestoreWhileTargetRuns))
        {
            return await TargetNotReadyAsync(pass, target, ct);
        }

        var source = SnapshotSource.Read(context.Caches, pass.Restore);
        if (target.Vm is { } vm && !target.IsRestored && source.Snapshot.Status?.SourceUid is { Length: > 0 } sourceUid && vm.Metadata.Uid != sourceUid)
        {
            throw new RestoreException("restore source and restore target are different but restore target already exists");
        }

        await targets.MarkAsync(target, ct);
        if (await volumes.ReconcileAsync(target, source, ct))
        {
            await lifecycle.FireAsync(RestoreTrigger.VolumesPending);
            await WriteStatusAsync(pass, null, ct);
            return ReconcileResult.Done;
        }

        if (await targets.ReconcileAsync(target, source, ct))
        {
            await lifecycle.FireAsync(RestoreTrigger.TargetUpdated);
            await WriteStatusAsync(pass, null, ct);
            return ReconcileResult.Done;
        }

        await targets.DeleteObsoleteAsync(target, ct);
        await targets.UnmarkAsync(target, ct);
        await context.Events.RecordAsync(pass.Restore, EventRecorder.Normal, SnapshotApi.RestoreCompleteEvent, $"Successfully completed VirtualMachineRestore {pass.Restore.Metadata.Name}", ct);
        await lifecycle.FireAsync(RestoreTrigger.Completed);
        await WriteStatusAsync(pass, null, ct);
        return ReconcileResult.Done;
    }

    /// <summary>The readiness policy (§3.3): wait (until the grace period ends), stop the target, or fail for good.</summary>
    private async Task<ReconcileResult> TargetNotReadyAsync(Pass pass, RestoreTarget target, CancellationToken ct)
    {
        var now = context.Time.GetUtcNow();
        var readiness = TargetReadiness.Of(pass.Restore, now, context.Options.GracePeriod);
        if (readiness.Fails)
        {
            await context.Events.RecordAsync(pass.Restore, EventRecorder.Warning, SnapshotApi.RestoreFailedEvent, $"VirtualMachineRestore failed {readiness.Reason}", ct);
            await pass.Lifecycle.FireAsync(RestoreTrigger.TargetReadinessFailed);
            await WriteStatusAsync(pass, readiness.Reason, ct);
            return ReconcileResult.Done;
        }

        await context.Events.RecordAsync(pass.Restore, EventRecorder.Warning, SnapshotApi.RestoreTargetNotReadyEvent, readiness.EventMessage, ct);
        await pass.Lifecycle.FireAsync(RestoreTrigger.TargetNotReady);
        if (readiness.StopsTarget)
        {
            await context.Subresources.StopAsync(target.Vm!.Metadata.NamespaceProperty, target.Vm.Metadata.Name, cancellationToken: ct);
        }

        await WriteStatusAsync(pass, readiness.Reason, ct);

        // KubeVirt notices the end of the grace period at its informers' next resync; the harness's informers do not
        // resync, so the restore looks again when the grace period ends.
        var deadline = TargetReadiness.GraceDeadline(pass.Restore, context.Options.GracePeriod);
        return (pass.Restore.Spec.TargetReadinessPolicy ?? SnapshotApi.TargetReadinessWaitGracePeriod) == SnapshotApi.TargetReadinessWaitGracePeriod
            ? ReconcileResult.RequeueAfter(deadline - now + TimeSpan.FromSeconds(1))
            : ReconcileResult.Done;
    }

    /// <summary>§3.8: unmark the VM, say so in the status, then (next pass) release the finalizer.</summary>
    private async Task DeleteAsync(Pass pass, CancellationToken ct)
    {
        var restore = pass.Restore;
        if (!MergePatches.Has(restore.Metadata, SnapshotApi.RestoreProtectionFinalizer))
        {
            return;
        }

        var target = Target(restore);
        if (target.Exists)
        {
            await targets.UnmarkAsync(target, ct);
        }

        await pass.Lifecycle.FireAsync(RestoreTrigger.Deleted);
        if (await WriteStatusAsync(pass, null, ct))
        {
            return;
        }

        await context.Restores.PatchAsync(
            restore.Metadata.NamespaceProperty,
            restore.Metadata.Name,
            MergePatches.Finalizers(restore.Metadata, MergePatches.Without(restore.Metadata, SnapshotApi.RestoreProtectionFinalizer)),
            ct);
    }

    /// <summary>Step 5: a restore nobody owns becomes its existing target's (controller reference); the finalizer is held while it progresses.</summary>
    private async Task OwnAsync(Pass pass, RestoreTarget target, CancellationToken ct)
    {
        var metadata = pass.Restore.Metadata;
        var own = metadata.OwnerReferences is not { Count: > 0 } && target.Vm is not null;
        if (!own && MergePatches.Has(metadata, SnapshotApi.RestoreProtectionFinalizer))
        {
            return;
        }

        var patch = new JsonObject
        {
            ["resourceVersion"] = metadata.ResourceVersion,
            ["finalizers"] = new JsonArray([.. MergePatches.With(metadata, SnapshotApi.RestoreProtectionFinalizer).Select(f => JsonValue.Create(f))]),
        };
        if (own)
        {
            var owner = RestoredClaims.OwnerReference(target.Vm!);
            patch["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = owner.ApiVersion,
                ["kind"] = owner.Kind,
                ["name"] = owner.Name,
                ["uid"] = owner.Uid,
                ["controller"] = true,
                ["blockOwnerDeletion"] = true,
            });
        }

        pass.Restore = await context.Restores.PatchAsync(
            metadata.NamespaceProperty, metadata.Name, MergePatches.Of(new JsonObject { ["metadata"] = patch }), ct);
        pass.Observed = ObjectCopy.Of(pass.Restore);
    }

    private RestoreTarget Target(VirtualMachineRestore restore)
    {
        var key = ObjectKey.Of(restore.Metadata.NamespaceProperty, restore.Spec.Target.Name);
        return new RestoreTarget(restore, context.Caches.VirtualMachines.Get(key), context.Caches.Instances.Get(key));
    }

    /// <summary>
    /// Writes the pass's status (its restores and DataVolume lists as this pass left them) with the conditions of the
    /// lifecycle's state, when that differs from the status the pass observed; true when written.
    /// </summary>
    private async Task<bool> WriteStatusAsync(Pass pass, string? reason, CancellationToken ct)
    {
        var status = ObjectCopy.Of(pass.Restore.Status ?? new VirtualMachineRestoreStatus());
        RestoreStatusWriter.Write(status, pass.Lifecycle.State, reason, context.Time.GetUtcNow().UtcDateTime);
        if (pass.Observed.Status is not null && ObjectCopy.SameJson(pass.Observed.Status, status))
        {
            return false;
        }

        var written = ObjectCopy.Of(pass.Restore);
        written.Status = status;
        await context.Restores.UpdateStatusAsync(written, ct);
        return true;
    }

    /// <summary>One pass over a restore: the object as it is now (metadata written this pass included), as it was observed, and its lifecycle.</summary>
    private sealed class Pass(VirtualMachineRestore restore, RestoreLifecycle lifecycle)
    {
        public VirtualMachineRestore Restore { get; set; } = restore;

        /// <summary>The restore before this pass changed its status: an error is written on it, dropping the pass's partial changes.</summary>
        public VirtualMachineRestore Observed { get; set; } = ObjectCopy.Of(restore);

        public RestoreLifecycle Lifecycle { get; } = lifecycle;
    }
}
