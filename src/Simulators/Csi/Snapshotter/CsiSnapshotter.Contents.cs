using System.Text.Json.Nodes;
using Csi.V1;
using Grpc.Core;
using Harness.Reconciling;
using Harness.Api.SnapshotStorage;
using Harness.Simulators.Csi.Snapshotter.Groups;
using k8s;
using Microsoft.Extensions.Logging;
using static Harness.Simulators.Csi.Snapshotter.SnapshotJson;

namespace Harness.Simulators.Csi.Snapshotter;

/// <summary>The CSI sidecar: a VolumeSnapshotContent of one of our drivers is cut, watched until ready, checked, and deleted per its policy.</summary>
public sealed partial class CsiSnapshotter
{
    /// <summary>The CSI name of the snapshot of a VolumeSnapshotContent: this prefix and its VolumeSnapshot's uid, as external-snapshotter names it.</summary>
    public const string SnapshotNamePrefix = "snapshot-";

    private async Task<ReconcileResult> ReconcileContentAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        if (sidecar.Contents.Get(key) is not { } content || !sidecar.Drivers.TryGetValue(content.Spec.Driver ?? "", out var driver))
        {
            return ReconcileResult.Done;
        }

        if (content.Metadata.DeletionTimestamp is not null)
        {
            await DeleteContentAsync(content, driver, cancellationToken);
            return ReconcileResult.Done;
        }

        var handle = content.Status?.SnapshotHandle ?? content.Spec.Source?.SnapshotHandle;
        if (handle is null && CsiGroupSnapshotter.IsMember(content))
        {
            // Cut in a group: the group controller gives it its snapshot handle.
            return ReconcileResult.Done;
        }

        if (handle is null)
        {
            return await CutSnapshotAsync(content, driver, cancellationToken);
        }

        VolumeSnapshotContentStatus observed;
        try
        {
            var listed = await driver.ListSnapshotsAsync(new ListSnapshotsRequest { SnapshotId = handle }, cancellationToken: cancellationToken);
            observed = listed.Entries.Count == 0
                ? WithError(content.Status, $"snapshot {handle} does not exist on the storage backend of driver {content.Spec.Driver}", readyToUse: false)
                : StatusOf(listed.Entries[0].Snapshot);
        }
        catch (RpcException e)
        {
            observed = WithError(content.Status, $"Failed to check and update snapshot content: {e.Status.StatusCode}: {e.Status.Detail}", content.Status?.ReadyToUse);
        }

        await UpdateContentStatusAsync(content, observed, cancellationToken);
        return ReconcileResult.RequeueAfter(observed.ReadyToUse == true ? sidecar.Options.ReadySnapshotCheckInterval : sidecar.Options.SnapshotPollInterval);
    }

    private async Task<ReconcileResult> CutSnapshotAsync(VolumeSnapshotContent content, Controller.ControllerClient driver, CancellationToken cancellationToken)
    {
        var request = new CreateSnapshotRequest
        {
            Name = SnapshotNamePrefix + content.Spec.VolumeSnapshotRef?.Uid,
            SourceVolumeId = content.Spec.Source?.VolumeHandle ?? string.Empty,
        };
        if (content.Spec.VolumeSnapshotClassName is { } className && classes.Get(ObjectKey.Cluster(className))?.Parameters is { } parameters)
        {
            request.Parameters.Add(parameters);
        }

        global::Csi.V1.Snapshot snapshot;
        try
        {
            snapshot = (await driver.CreateSnapshotAsync(request, cancellationToken: cancellationToken)).Snapshot;
        }
        catch (RpcException e)
        {
            await UpdateContentStatusAsync(content, WithError(content.Status, $"Failed to check and update snapshot content: failed to take snapshot of the volume {request.SourceVolumeId}: {e.Status.StatusCode}: {e.Status.Detail}", readyToUse: false), cancellationToken);
            throw new InvalidOperationException($"CreateSnapshot {request.Name} failed with {e.StatusCode}", e);
        }

        sidecar.Logger.LogInformation("VolumeSnapshotContent {Content}: CreateSnapshot {Name} -> {SnapshotId} ready={Ready}", content.Metadata.Name, request.Name, snapshot.SnapshotId, snapshot.ReadyToUse);
        var status = StatusOf(snapshot);
        await UpdateContentStatusAsync(content, status, cancellationToken);
        return ReconcileResult.RequeueAfter(status.ReadyToUse == true ? sidecar.Options.ReadySnapshotCheckInterval : sidecar.Options.SnapshotPollInterval);
    }

    private async Task DeleteContentAsync(VolumeSnapshotContent content, Controller.ControllerClient driver, CancellationToken cancellationToken)
    {
        if (!MergePatches.Has(content.Metadata, SnapshotStorageApi.VolumeSnapshotContentBoundProtectionFinalizer))
        {
            return;
        }

        if (content.Spec.VolumeSnapshotRef is { } reference
            && sidecar.Snapshots.Get(ObjectKey.Of(reference.NamespaceProperty, reference.Name)) is { } vs
            && vs.Metadata.Uid == reference.Uid && vs.Metadata.DeletionTimestamp is null)
        {
            sidecar.Logger.LogInformation("VolumeSnapshotContent {Content}: kept while VolumeSnapshot {Namespace}/{Name} is bound to it", content.Metadata.Name, reference.NamespaceProperty, reference.Name);
            return;
        }

        // A snapshot cut in a group goes with its group (DeleteVolumeGroupSnapshot), never alone.
        if (content.Spec.DeletionPolicy == SnapshotStorageApi.DeletionPolicyDelete
            && !CsiGroupSnapshotter.IsMember(content)
            && (content.Status?.SnapshotHandle ?? content.Spec.Source?.SnapshotHandle) is { } handle)
        {
            try
            {
                await driver.DeleteSnapshotAsync(new DeleteSnapshotRequest { SnapshotId = handle }, cancellationToken: cancellationToken);
                sidecar.Logger.LogInformation("VolumeSnapshotContent {Content}: DeleteSnapshot {SnapshotId}", content.Metadata.Name, handle);
            }
            catch (RpcException e)
            {
                await UpdateContentStatusAsync(content, WithError(content.Status, $"Failed to delete snapshot {handle}: {e.Status.StatusCode}: {e.Status.Detail}", content.Status?.ReadyToUse), cancellationToken);
                throw new InvalidOperationException($"DeleteSnapshot {handle} failed with {e.StatusCode}", e);
            }
        }

        await sidecar.Client.CustomObjects.PatchClusterCustomObjectAsync(
            MergePatches.Finalizers(content.Metadata, MergePatches.Without(content.Metadata, SnapshotStorageApi.VolumeSnapshotContentBoundProtectionFinalizer)),
            SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, content.Metadata.Name, cancellationToken: cancellationToken);
    }

    private async Task UpdateContentStatusAsync(VolumeSnapshotContent content, VolumeSnapshotContentStatus status, CancellationToken cancellationToken)
    {
        var current = content.Status;
        if (current is not null
            && current.SnapshotHandle == status.SnapshotHandle
            && current.CreationTime == status.CreationTime
            && current.ReadyToUse == status.ReadyToUse
            && current.RestoreSize == status.RestoreSize
            && current.Error?.Message == status.Error?.Message)
        {
            return;
        }

        var json = new JsonObject
        {
            ["snapshotHandle"] = status.SnapshotHandle,
            ["creationTime"] = status.CreationTime,
            ["readyToUse"] = status.ReadyToUse,
            ["restoreSize"] = status.RestoreSize,
            ["error"] = status.Error is { } error ? new JsonObject { ["time"] = Rfc3339(error.Time), ["message"] = error.Message } : null,
        };
        await sidecar.Client.CustomObjects.PatchClusterCustomObjectStatusAsync(
            MergePatches.Of(new JsonObject { ["status"] = json }),
            SnapshotStorageApi.Group, SnapshotStorageApi.Version, SnapshotStorageApi.VolumeSnapshotContentPlural, content.Metadata.Name,
            cancellationToken: cancellationToken);
    }

    private VolumeSnapshotContentStatus WithError(VolumeSnapshotContentStatus? current, string message, bool? readyToUse)
    {
        sidecar.Logger.LogWarning("VolumeSnapshotContent: {Message}", message);
        return new VolumeSnapshotContentStatus
        {
            SnapshotHandle = current?.SnapshotHandle,
            CreationTime = current?.CreationTime,
            RestoreSize = current?.RestoreSize,
            ReadyToUse = readyToUse,
            Error = current?.Error?.Message == message ? current.Error : new VolumeSnapshotError { Time = sidecar.Time.GetUtcNow().UtcDateTime, Message = message },
        };
    }

    private static VolumeSnapshotContentStatus StatusOf(global::Csi.V1.Snapshot snapshot) => new()
    {
        SnapshotHandle = snapshot.SnapshotId,
        CreationTime = snapshot.CreationTime is { } created ? created.Seconds * 1_000_000_000L + created.Nanos : null,
        ReadyToUse = snapshot.ReadyToUse,
        RestoreSize = snapshot.SizeBytes,
    };
}
