using Harness.Api.Snapshots;
using Harness.Controller.Clients;
using Harness.Controller.Defects;
using Harness.Controller.Snapshots.Lifecycle;
using Harness.Controller.Snapshots.Source;
using Harness.Controller.Snapshots.Status;
using Harness.Reconciling;
using k8s.Autorest;
using Microsoft.Extensions.Logging;

namespace Harness.Controller.Snapshots.Content;

/// <summary>
/// Reconciles one VirtualMachineSnapshotContent (KubeVirt's <c>updateVMSnapshotContent</c>, §2.6): releases it
/// (thaw, finalizer) once its snapshot is gone or terminating; otherwise freezes the guest lazily before the first
/// VolumeSnapshot it creates, creates the missing VolumeSnapshots, thaws as soon as every one is cut, and writes
/// readiness, per-volume status and the error. A snapshot being deleted never gets new VolumeSnapshots.
/// </summary>
internal sealed partial class ContentReconciler(SnapshotControllerContext context)
{
    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken ct)
    {
        if (context.Caches.Contents.Get(key) is not { } cached)
        {
            return ReconcileResult.Done;
        }

        var content = ObjectCopy.Of(cached);
        var now = context.Time.GetUtcNow();
        var snapshot = content.Spec.VirtualMachineSnapshotName is { } snapshotName
            ? context.Caches.Snapshots.Get(ObjectKey.Of(key.Namespace, snapshotName))
            : null;
        var source = snapshot is null ? null : context.SourceOf(snapshot);
        var snapshotEnding = snapshot is null || snapshot.Metadata.DeletionTimestamp is not null || SnapshotDeadline.Exceeded(snapshot, now);
        var freezesAfterDelete = snapshot?.Metadata.DeletionTimestamp is not null && content.Metadata.DeletionTimestamp is not null
            && context.Options.Defects.HasFlag(ControllerDefects.FreezeAfterDelete);
        if (snapshotEnding)
        {
            await ReleaseAsync(content, snapshot, source, ct);
            if (snapshot is not null && !freezesAfterDelete && (snapshot.Spec.DeletionPolicy != SnapshotApi.DeletionPolicyRetain || content.Status?.ReadyToUse != true))
            {
                return ReconcileResult.Done;
            }
        }

        if (content.Metadata.DeletionTimestamp is not null && !freezesAfterDelete)
        {
            return ReconcileResult.RequeueAfter(context.Options.RetryInterval);
        }

        if (QuiesceRetryWait(content, now) is { } wait)
        {
            return ReconcileResult.RequeueAfter(wait);
        }

        var pass = await CollectAsync(content, snapshot, source, snapshotEnding && !freezesAfterDelete, now, ct);
        if (pass.FreezeError is { } freezeError)
        {
            content.Status ??= new VirtualMachineSnapshotContentStatus();
            content.Status.Error = new SnapshotError { Time = now.UtcDateTime, Message = freezeError };
            content.Status.ReadyToUse = false;
            await WriteStatusAsync(cached, content, ct);
            return ReconcileResult.RequeueAfter(context.Options.RetryInterval);
        }

        var errorMessage = pass.ErrorMessage;
        var thawed = true;
        if (pass.Created && content.Status?.CreationTime is null && source is not null && snapshot is not null)
        {
            try
            {
                await context.Freezer.UnfreezeAsync(source, snapshot.Metadata.Name, ct);
            }
            catch (HttpOperationException e) when (ApiErrors.Message(e).Contains(SnapshotApi.FreezeLimitedText, StringComparison.Ordinal))
            {
                thawed = false;
                errorMessage = ApiErrors.Message(e);
            }
        }

        var lifecycle = new ContentLifecycle(() => ContentStates.Read(content), s => ContentStates.Write(content, s, now.UtcDateTime), () => thawed);
        var cut = pass.Created ? ContentTrigger.AllCut : ContentTrigger.NotAllCut;
        if (lifecycle.CanFire(cut, out var unmet))
        {
            await lifecycle.FireAsync(cut);
        }
        else
        {
            context.Logger.LogInformation("Content {Key} not cut yet: {Unmet}", key, string.Join(", ", unmet));
        }

        await lifecycle.FireAsync(pass.Ready ? ContentTrigger.AllReady : ContentTrigger.NotAllReady);
        var status = content.Status ??= new VirtualMachineSnapshotContentStatus { ReadyToUse = false };
        if (errorMessage is null)
        {
            status.Error = null;
        }
        else if ((!pass.Ready || !thawed) && status.Error?.Message != errorMessage)
        {
            status.Error = new SnapshotError { Time = now.UtcDateTime, Message = errorMessage };
        }

        status.VolumeSnapshotStatus = pass.Statuses.Count == 0 ? null : pass.Statuses;
        await WriteStatusAsync(cached, content, ct);
        return thawed ? ReconcileResult.Done : ReconcileResult.RequeueAfter(context.Options.RetryInterval);
    }

    /// <summary>
    /// After a thaw that came too late (Windows VSS), the thaw is retried after the retry interval, not at the next
    /// event (the write of that error is one): the snapshot must see the error to gain <c>QuiesceTimeout</c>.
    /// </summary>
    private TimeSpan? QuiesceRetryWait(VirtualMachineSnapshotContent content, DateTimeOffset now)
    {
        if (content.Status is not { CreationTime: null, Error: { Time: { } at, Message: { } message } }
            || !message.Contains(SnapshotApi.FreezeLimitedText, StringComparison.Ordinal))
        {
            return null;
        }

        var wait = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) + context.Options.RetryInterval - now;
        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>The snapshot is gone or ending: thaw what it may have frozen (errors only logged) and let the content go.</summary>
    private async Task ReleaseAsync(VirtualMachineSnapshotContent content, VirtualMachineSnapshot? snapshot, SourceState? source, CancellationToken ct)
    {
        if (snapshot is not null && source is not null && !context.Options.Defects.HasFlag(ControllerDefects.ThawSkippedOnError))
        {
            try
            {
                await context.Freezer.UnfreezeAsync(source, snapshot.Metadata.Name, ct);
            }
            catch (Exception e) when (e is HttpOperationException or HttpRequestException)
            {
                context.Logger.LogWarning("Thaw of {Namespace}/{Name} for ending snapshot {Snapshot} failed: {Error}", source.Vm.Metadata.NamespaceProperty, source.Vm.Metadata.Name, snapshot.Metadata.Name, e.Message);
            }
        }

        if (MergePatches.Has(content.Metadata, SnapshotApi.ContentProtectionFinalizer))
        {
            var patched = await context.Contents.PatchAsync(
                content.Metadata.NamespaceProperty,
                content.Metadata.Name,
                MergePatches.Finalizers(content.Metadata, MergePatches.Without(content.Metadata, SnapshotApi.ContentProtectionFinalizer)),
                ct);
            content.Metadata = patched.Metadata;
        }
    }

    private async Task WriteStatusAsync(VirtualMachineSnapshotContent cached, VirtualMachineSnapshotContent content, CancellationToken ct)
    {
        if (cached.Status is null || !ObjectCopy.SameJson(cached.Status, content.Status))
        {
            await context.Contents.UpdateStatusAsync(content, ct);
        }
    }
}
