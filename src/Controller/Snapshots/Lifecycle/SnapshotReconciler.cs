using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Controller.Defects;
using Harness.Controller.Snapshots.Content;
using Harness.Controller.Snapshots.Source;
using Harness.Controller.Snapshots.Status;
using Harness.Reconciling;
using k8s.Models;

namespace Harness.Controller.Snapshots.Lifecycle;

/// <summary>
/// Reconciles one VirtualMachineSnapshot (KubeVirt's <c>updateVMSnapshot</c>, §2.2): keeps its finalizer while it
/// is not terminating; on the first pass only writes a status; then, one step per pass, locks the source and
/// creates the content; once terminal or terminating, deletes the content when it must go and unlocks the source
/// when it may; writes the status when it changed; releases the finalizer of a deleted snapshot once the source
/// is unlocked. Requeues after the retry interval while a lock waits, else at the deadline.
/// </summary>
internal sealed class SnapshotReconciler(SnapshotControllerContext context, ContentFactory contents)
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (context.Caches.Snapshots.Get(key) is not { } cached)
        {
            return ReconcileResult.Done;
        }

        var snapshot = ObjectCopy.Of(cached);
        var name = snapshot.Metadata.Name;
        var source = context.SourceOf(snapshot);
        var contentName = SnapshotControllerContext.ContentName(snapshot);
        var content = context.Caches.Contents.Get(ObjectKey.Of(key.Namespace, contentName));
        var now = context.Time.GetUtcNow();
        var deadlineExceeded = SnapshotDeadline.Exceeded(snapshot, now);
        var deleting = snapshot.Metadata.DeletionTimestamp is not null;
        if (deleting && content is null && snapshot.Status?.Phase is not null)
        {
            // The last chance to delete a content this controller created and its cache has not seen yet: once the
            // finalizer is gone, nothing reconciles this snapshot again and the content would be left behind.
            content = await context.Contents.TryGetAsync(key.Namespace, contentName, ct);
        }

        var terminating = deleting || deadlineExceeded;
        if (!terminating && !MergePatches.Has(snapshot.Metadata, SnapshotApi.SnapshotProtectionFinalizer))
        {
            snapshot = await SetFinalizersAsync(snapshot, MergePatches.With(snapshot.Metadata, SnapshotApi.SnapshotProtectionFinalizer), ct);
        }

        var initial = SnapshotStates.Read(snapshot, source, content);
        var state = initial;
        var lifecycle = new SnapshotLifecycle(
            () => state,
            s => state = s,
            source is null ? [] : SourceLockGuards.For(source, name, context.Caches, context.Options.Defects),
            () => deadlineExceeded,
            () => context.Lock.LockAsync(source!.Vm, name, ct),
            () => contents.CreateAsync(snapshot, source!, ct));

        if (deadlineExceeded)
        {
            await lifecycle.FireAsync(SnapshotTrigger.DeadlineExceeded);
        }

        if (content?.Status?.CreationTime is not null)
        {
            await lifecycle.FireAsync(SnapshotTrigger.ContentCut);
        }

        if (deleting)
        {
            await lifecycle.FireAsync(SnapshotTrigger.Deleted);
        }

        var sourceReason = SnapshotApi.ReasonSourceNotLocked;
        TimeSpan? retry = null;
        var finalizerRemovable = true;
        if (initial == SnapshotState.New)
        {
            await lifecycle.FireAsync(SnapshotTrigger.Observed);
        }
        else if (source is not null)
        {
            var progressing = initial is not (SnapshotState.Succeeded or SnapshotState.Failed);
            if (progressing && !terminating)
            {
                finalizerRemovable = false;
                if (state == SnapshotState.WaitingForSource)
                {
                    if (lifecycle.BlockedLockGuards() is [var first, ..])
                    {
                        sourceReason = SourceLockGuards.NotLockedReason(source, first.Blocker());
                    }
                    else
                    {
                        await lifecycle.FireAsync(SnapshotTrigger.SourceUnlocked);
                    }

                    retry = context.Options.RetryInterval;
                }
                else if (state == SnapshotState.SourceLocked)
                {
                    await lifecycle.FireAsync(SnapshotTrigger.ContentMissing);
                }
            }
            else if (initial == SnapshotState.Succeeded || content is null || (IsRetained(snapshot) && content.Status?.ReadyToUse == true))
            {
                await context.Lock.UnlockAsync(source.Vm, name, ct);
            }
            else
            {
                finalizerRemovable = !source.IsLockedBy(name);
            }
        }

        if (state is SnapshotState.SourceLocked or SnapshotState.ContentCreated)
        {
            sourceReason = SnapshotApi.ReasonSourceLocked;
        }

        var keepsFailedContent = !deleting && context.Options.Defects.HasFlag(ControllerDefects.ContentKeptAfterDeadline);
        if (terminating && !keepsFailedContent && content is not null && (!IsRetained(snapshot) || content.Status?.ReadyToUse != true))
        {
            await context.Contents.TryDeleteAsync(key.Namespace, content.Metadata.Name, ct);
        }

        var status = SnapshotStatusComposer.Compose(snapshot, state, source, content, sourceReason, now.UtcDateTime);
        if (snapshot.Status is null || !ObjectCopy.SameJson(snapshot.Status, status))
        {
            snapshot.Status = status;
            snapshot = await context.Snapshots.UpdateStatusAsync(snapshot, ct);
            if (status.Phase == SnapshotApi.PhaseSucceeded)
            {
                context.Options.OnSucceeded?.Invoke(snapshot);
            }
        }

        if (deleting && finalizerRemovable && MergePatches.Has(snapshot.Metadata, SnapshotApi.SnapshotProtectionFinalizer))
        {
            await SetFinalizersAsync(snapshot, MergePatches.Without(snapshot.Metadata, SnapshotApi.SnapshotProtectionFinalizer), ct);
        }

        if (retry is { } interval)
        {
            return ReconcileResult.RequeueAfter(interval);
        }

        return lifecycle.IsInProgress && SnapshotDeadline.Remaining(snapshot, now) is { } remaining && remaining > TimeSpan.Zero
            ? ReconcileResult.RequeueAfter(remaining)
            : ReconcileResult.Done;
    }

    private static bool IsRetained(VirtualMachineSnapshot snapshot) => snapshot.Spec.DeletionPolicy == SnapshotApi.DeletionPolicyRetain;

    private Task<VirtualMachineSnapshot> SetFinalizersAsync(VirtualMachineSnapshot snapshot, IEnumerable<string> finalizers, CancellationToken ct) =>
        context.Snapshots.PatchAsync(snapshot.Metadata.NamespaceProperty, snapshot.Metadata.Name, MergePatches.Finalizers(snapshot.Metadata, finalizers), ct);
}
